/**
 * `liftwatch provision (--device <id> | --client <name> | --broker-host <names>) --out <dir>
 * [--ca <dir>] [--operator <dir>] [--force]`: keys and certificates for one identity of the
 * fleet. The CA and the operator key default to `ca/` and `operator/` beside `--out`.
 */
import { dirname, join, resolve } from "node:path";
import { InputError } from "../firmware/config/input-error.ts";
import { provisionBroker, provisionDevice, provisionService, type ProvisionResult } from "../firmware/security/provision.ts";

export interface ProvisionOptions {
  device?: string;
  client?: string;
  brokerHost?: string;
  out: string;
  ca?: string;
  operator?: string;
  force?: boolean;
}

export async function provisionCommand(options: ProvisionOptions): Promise<void> {
  const identities = [options.device !== undefined, options.client !== undefined, options.brokerHost !== undefined].filter(Boolean).length;
  if (identities !== 1) throw new InputError("provision: give exactly one of --device <id>, --client <name> or --broker-host <names>");
  if (options.operator !== undefined && options.device === undefined) throw new InputError(`--operator ${options.operator}: only used with --device`);
  const beside = dirname(resolve(options.out));
  const places = { out: options.out, caDir: options.ca ?? join(beside, "ca"), force: options.force };

  if (options.device !== undefined) {
    const operatorDir = options.operator ?? join(beside, "operator");
    const result = await provisionDevice({ ...places, deviceId: options.device, operatorDir });
    report(result, places.caDir);
    process.stdout.write(`operator key: ${result.operatorCreated ? "created" : "reused"} in ${operatorDir}\n`);
    // Printed once and never stored in clear: whoever commissions the box needs it.
    process.stdout.write(`commissioning token for ${options.device} (shown once, stored only as a hash): ${result.commissioningToken}\n`);
  } else if (options.client !== undefined) {
    report(await provisionService({ ...places, name: options.client }), places.caDir);
  } else {
    const hosts = options.brokerHost!.split(",").map((host) => host.trim()).filter(Boolean);
    report(await provisionBroker({ ...places, hosts }), places.caDir);
  }
}

function report(result: ProvisionResult, caDir: string): void {
  process.stdout.write(`CA: ${result.caCreated ? "created" : "reused"} in ${caDir}\n`);
  for (const file of result.written) process.stdout.write(`wrote ${file}\n`);
}
