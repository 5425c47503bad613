/** Child process for crash.test.ts: appends events forever, printing each seq only after its append returned. */
import { eventDraft, openJournal } from "../evidence/fixtures.ts";
import { loadDeviceKeys } from "../../firmware/evidence/keys.ts";

const [file, privateKeyFile, publicKeyFile] = process.argv.slice(2);
const journal = openJournal(file, loadDeviceKeys({ privateKeyFile, publicKeyFile }), { checkpointEvery: 7 });
journal.startBoot();
for (;;) {
  const sealed = journal.appendEvent(eventDraft("entrapment", { padding: "y".repeat(300) }));
  process.stdout.write(`${sealed.seq}\n`);
}
