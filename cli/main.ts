/**
 * The `liftwatch` command. Every failure the user can cause ends in one line on stderr and
 * a non-zero exit: 2 for bad input (file, option, configuration), 1 for anything else. `run`
 * and `start` exit 3 when stopped with events still waiting in the journal (cli/live.ts).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { InputError, printable } from "../firmware/config/input-error.ts";
import { loadConfig } from "../firmware/config/load.ts";
import { configCommand } from "./config-command.ts";
import { loadScenario } from "../simulator/scenario.ts";
import { reportCommand } from "./report/report-command.ts";

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return number;
}

/** × real time, as simulation.speed takes it (see its bound). */
function speedFactor(value: string): number {
  const number = positiveNumber(value);
  if (number > 10_000) throw new InvalidArgumentError(`"${value}" is faster than the simulated box can run (expected at most 10000)`);
  return number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return number;
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number) || number < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return number;
}

function brokerUrl(value: string): string {
  // A URL (as the configuration's mqtt.broker is checked): port 99999 had reached mqtt.js, exit 1.
  if (!/^(mqtts?|wss?|tcp):\/\/[^\s/]+/.test(value) || !URL.canParse(value)) throw new InvalidArgumentError(`"${value}" is not a broker URL (expected mqtt://host:port, a port up to 65535)`);
  return value;
}

// Each command's modules load when it runs (await import): loading every command's for any
// one of them (MQTT brokers, the fleet, the calibration) cost `liftwatch run` a second of start-up.
const program = new Command()
  .name("liftwatch")
  .description("Elevator-monitoring box: firmware, simulator and tools")
  .exitOverride();

program
  .command("start")
  .description("run the firmware against the simulator on an embedded MQTT broker, with a live view")
  .option("--scenario <name|file>", "scenario to run", "demo")
  .option("--speed <factor>", "simulated time per real time", speedFactor, 10)
  .option("--broker <url>", "use this broker instead of the embedded one", brokerUrl)
  .option("--config <file>", "device configuration (YAML or JSON)")
  .action(async (options) => {
    const config = loadConfig(options.config);
    if (options.broker) config.mqtt.broker = options.broker;
    const scenario = loadScenario(options.scenario);
    if (options.config !== undefined) (await import("../simulator/simulated-box.ts")).refuseScenarioDisagreement(scenario, options.config, config);
    process.exitCode = await (await import("./live.ts")).runLive({
      scenario,
      config,
      broker: config.mqtt.broker,
      speed: options.speed,
      stopAtScenarioEnd: true,
    });
  });

program
  .command("run")
  .description("run the firmware on the board its configuration names (simulated on a machine without sensors) until stopped")
  .option("--config <file>", "device configuration (YAML or JSON)")
  .option("--broker <url>", "broker URL (overrides the configuration)", brokerUrl)
  .option("--board <name|file>", "board to drive (overrides the configuration's board)")
  .action(async (options) => {
    const config = loadConfig(options.config);
    if (options.broker) config.mqtt.broker = options.broker;
    if (options.board) config.board = options.board;
    const simulated = config.board === "simulated";
    const board = simulated ? undefined : (await import("./hardware-box.ts")).resolveBoard(config.board, options.board ? "--board" : (options.config ?? "configuration"), config, options.config);
    const scenario = simulated ? loadScenario(config.simulation.scenario) : undefined;
    if (scenario && options.config !== undefined) (await import("../simulator/simulated-box.ts")).refuseScenarioDisagreement(scenario, options.config, config);
    // Once at start, so a field log always shows what the detectors judged with.
    process.stdout.write(`effective configuration: ${JSON.stringify(config)}\n`);
    process.exitCode = await (await import("./live.ts")).runLive({
      scenario,
      board,
      config,
      broker: config.mqtt.broker,
      speed: config.simulation.speed,
      stopAtScenarioEnd: false,
      journalFile: config.journal.file,
    });
  });

program
  .command("calibrate")
  .description("calibrate the box: mount, learning run (landings, door zone, rated speed, barometer), inputs; writes a signed calibration record")
  .option("--scenario <name|file>", "a simulated lift to calibrate, the simulator's engineer answering (its landing heights are learnt, not read)")
  .option("--board <name|file>", "the hardware to calibrate, the engineer answering in the terminal (default: the configuration's board)")
  .option("--landings <n>", "how many landings the lift serves (required when the configuration has none)", positiveInteger)
  .addOption(new Option("--interactive", "with --scenario: answer in the terminal, the simulator's hands on the lift (tests)").hideHelp())
  .option("--out <file>", "the calibration record (JSON), replaced only when the calibration succeeds", "calibration.json")
  .option("--key <file>", "the device's evidence key (evidence-key.pem, evidence-pub.pem beside it); default: the configuration's")
  .option("--config <file>", "device configuration (device id, config version, thresholds)")
  .option("--seed <n>", "random seed (sensor noise)")
  .action(async (options) => {
    // A new calibration must not need the old record to be good (a broken or another box's record is why one recalibrates).
    process.exitCode = await (await import("./calibrate-command.ts")).calibrateCommand(loadConfig(options.config, { calibration: false }), options);
  });

program
  .command("sim")
  .description("run a scenario as fast as possible and write every published event envelope as JSON lines")
  .argument("[scenario]", "built-in scenario name or scenario file")
  .option("--out <file>", "write the envelopes here instead of standard output")
  .option("--seed <n>", "random seed (traffic, sensor noise)")
  .option("--config <file>", "device configuration for the thresholds")
  .option("--trace <file>", "also write what the sensors read as a replayable trace CSV")
  .option("--list", "list the built-in scenarios")
  .action(async (scenario, options) => (await import("./sim-command.ts")).simCommand(scenario, options));

program
  .command("replay")
  .description("run a sensor trace through the detection pipeline (../shared/spec/trace-format.md)")
  .argument("<trace>", "trace CSV")
  .option("--config <file>", "device configuration; absent: the trace's metadata and the defaults")
  .option("--out <file>", "write the JSON-lines events here instead of standard output")
  .action(async (trace, options) => (await import("./replay-command.ts")).replayCommand(trace, options));

program
  .command("provision")
  .description("make a box's (or a platform service's, or the broker's) keys and certificates, signed by the fleet CA")
  .option("--device <id>", "a box: TLS client certificate (CN = id), evidence-signing key, operator public key, commissioning token")
  .option("--client <name>", "a platform service's TLS client certificate (a dotted name, e.g. liftwatch.receiver)")
  .option("--broker-host <names>", "the broker's server certificate, for these comma-separated host names and IP addresses")
  .requiredOption("--out <dir>", "directory for this identity's files")
  .option("--ca <dir>", "fleet certificate authority, created if absent (default: ca/ beside --out)")
  .option("--operator <dir>", "operator command-signing key pair, created if absent (default: operator/ beside --out)")
  .option("--force", "replace this identity's existing keys (never the CA's)")
  .action(async (options) => (await import("./provision-command.ts")).provisionCommand(options));

program
  .command("export")
  .description("write the box's event log from its journal (JSON lines, ending with a signed checkpoint of its head) for liftwatch verify")
  .option("--config <file>", "device configuration: journal.file, device.id, journal.evidence_key")
  .option("--out <file>", "write here instead of standard output")
  .action(async (options) => {
    process.exitCode = await (await import("./export-command.ts")).exportCommand(loadConfig(options.config), options);
  });

program
  .command("verify")
  .description("check an exported event log: chain, signatures, checkpoints; names the first bad record")
  .argument("<events>", "exported event log (JSON lines)")
  .requiredOption("--key <file>", "the device's public key (SPKI PEM)")
  .option("--device <id>", "the device the log must come from")
  .action(async (events, options) => {
    process.exitCode = (await import("./verify-command.ts")).verifyCommand(events, options);
  });

program
  .command("receive")
  .description("the reference platform receiver: check, store and acknowledge the boxes' events; ask for missing ones")
  .requiredOption("--broker <url>", "broker URL (mqtt:// or mqtts://)", brokerUrl)
  .requiredOption("--db <file>", "SQLite store, created if absent; several receivers on one host may share it")
  .requiredOption("--devices <dir>", "devices' public keys: <dir>/<device-id>/evidence-pub.pem")
  .option("--root <topic>", "topic root", "liftwatch/v1")
  .option("--group <name>", "shared-subscription group the receivers split the load in", "receivers")
  .option("--ca <file>", "CA certificate of the broker (mqtts)")
  .option("--cert <file>", "this receiver's TLS client certificate (mqtts)")
  .option("--key <file>", "its private key (mqtts)")
  .option("--client-id <id>", "MQTT client id (default: random; must be unique per receiver)")
  .action(async (options) => {
    process.exitCode = await (await import("./receive-command.ts")).receiveCommand(options);
  });

program
  .command("fleet")
  .description("run many simulated boxes in real time against a broker, with reference receivers, and report delivery, lag and cost per box")
  .requiredOption("--devices <n>", "how many boxes", positiveInteger)
  .requiredOption("--broker <url>", "broker URL (a cluster's load balancer for a large fleet)", brokerUrl)
  .option("--duration <s>", "seconds of real time to run (default: until SIGINT)", positiveNumber)
  .option("--rate-hz <hz>", "accelerometer rate of every box", positiveNumber, 100)
  .option("--workers <k>", "worker threads the boxes are spread over (default: one per core)", positiveInteger)
  .option("--receivers <r>", "reference receivers in this process (0: the platform is elsewhere)", wholeNumber, 1)
  .option("--scenario <name|file>", "scenario every box runs, each with its own seed", "normal-hour")
  .option("--event-every <s>", "an alarm press per box this often, so events flow (normal traffic raises few)", positiveNumber)
  .option("--config <file>", "device configuration shared by every box (YAML or JSON)")
  .option("--out <file>", "also write the report as JSON here")
  .option("--folder <dir>", "where the run's folder of journals, keys and receiver store is made (default: the system's temporary folder; /dev/shm keeps the shared disk's flushes out)")
  .option("--keep", "keep the journals, keys and receiver store (their folder is printed)")
  .action(async (options) => {
    process.exitCode = await (await import("./fleet-command.ts")).fleetCommand(options);
  });

program.addCommand(configCommand());
program.addCommand(reportCommand());

// A reader that stopped reading (`liftwatch replay trace.csv | head -1`) is no error of ours:
// what is left goes nowhere, quietly, rather than in a stack trace. Not an exit: a box whose log
// reader went away (`liftwatch run` under a supervisor) must go on watching its lift.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof InputError) {
    process.stderr.write(`liftwatch: ${printable(error.message)}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`liftwatch: ${printable((error as Error)?.message ?? String(error))}\n`);
    if (process.env.LIFTWATCH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exitCode = 1;
  }
}
