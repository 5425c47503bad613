/**
 * `liftwatch config check | schema | defaults`: the field engineer's configuration tools.
 * check prints every problem, one line each, and exits 2 when there is any.
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { InputError, printable } from "../firmware/config/input-error.ts";
import { checkFile } from "../firmware/config/config-check.ts";
import { defaultsYaml } from "../firmware/config/defaults-yaml.ts";
import { jsonSchemaOf } from "../firmware/config/json-schema.ts";

function writeOutput(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new InputError(`--out ${out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function configCommand(): Command {
  const config = new Command("config").description("check a configuration or board file; print the JSON Schema or the commented defaults").exitOverride();

  config
    .command("check")
    .description("report every problem of a configuration (or board) file, each with its line and key")
    .argument("<file>", "configuration or board description (YAML or JSON)")
    .option("--board", "the file is a board description (default: detected from its keys)")
    .action((file: string, options: { board?: boolean }) => {
      const report = checkFile(file, { board: options.board });
      if (report.problems.length > 0) {
        for (const line of report.problems) process.stderr.write(`${printable(line)}\n`);
        process.stderr.write(`liftwatch: ${printable(file)}: ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}, not a valid ${report.what}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`ok: ${file} (${report.settings} settings, ${report.defaulted} left at their defaults)\n`);
    });

  config
    .command("schema")
    .description("print the JSON Schema (draft 2020-12) of the configuration, with units and descriptions, for editors")
    .option("--board", "the schema of board description files instead")
    .option("--out <file>", "write it here instead of standard output")
    .action((options: { board?: boolean; out?: string }) => {
      writeOutput(`${JSON.stringify(jsonSchemaOf(options.board ? "board" : "configuration"), null, 2)}\n`, options.out);
    });

  config
    .command("defaults")
    .description("print the full default configuration as YAML, each key with its unit and description")
    .option("--out <file>", "write it here instead of standard output")
    .action((options: { out?: string }) => writeOutput(defaultsYaml(), options.out));

  return config;
}
