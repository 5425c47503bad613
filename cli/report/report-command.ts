/** `liftwatch report ride-quality …` and `liftwatch report maintenance …`: for the field engineer. */
import { Command } from "commander";

export function reportCommand(): Command {
  const report = new Command("report").description("reports for the field engineer: ride quality per trip, maintenance since the last visit").exitOverride();
  report
    .command("ride-quality")
    .description("ISO 18738-1-style metrics per trip, with a plot of each trip's acceleration, speed and position (a trace) or of the metrics across trips")
    .argument("<input>", "a sensor trace (CSV, ../shared/spec/trace-format.md) or a box's journal (SQLite)")
    .option("--out <dir>", "folder for the plots (default: <input name>-ride-quality)")
    .option("--format <svg|png>", "plot format; png needs the optional canvas package", "svg")
    .option("--config <file>", "device configuration for a trace; absent: the trace's metadata and the defaults")
    // Loaded when asked for: Vega is large, and the box's own `run` must start fast on a Pi.
    .action(async (input, options) => (await import("./ride-quality-command.ts")).rideQualityCommand(input, options));
  report
    .command("maintenance")
    .description("usage counters, and the faults and insured events since the last maintenance visit (or a date)")
    .argument("<journal>", "a box's journal (SQLite)")
    .option("--since <date>", "ISO 8601 date or date-time (UTC unless it says otherwise) instead of the last visit")
    .option("--since-last-visit", "since the last time the box entered maintenance mode (the default)")
    .action(async (journal, options) => (await import("./maintenance-command.ts")).maintenanceCommand(journal, options));
  return report;
}
