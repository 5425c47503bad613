/**
 * Remote commands as the box takes them: checked (signature, device, expiry, counter) before
 * anything is done, the accepted counter persisted before acting, every refusal journaled
 * as a security record, and a reply for the operator either way.
 */
import type { KeyObject } from "node:crypto";
import type { Checkpoint, CommandReply, StatusMessage } from "../../protocols/contract.ts";
import type { EvidenceWindow } from "../evidence/evidence-recorder.ts";
import type { Journal } from "../journal/journal.ts";
import { checkCommand, type SignedCommand } from "../security/commands.ts";

/** What the box can do when asked. */
export interface CommandActions {
  status(): StatusMessage;
  setMode(mode: "normal" | "maintenance"): void;
  checkpoint(): Checkpoint;
  /** A stored evidence window, undefined when the box does not hold it. */
  evidence(digest: string): EvidenceWindow | undefined;
  reboot(): void;
}

export class RemoteCommands {
  constructor(
    private readonly journal: Journal,
    private readonly operatorKey: KeyObject,
    private readonly deviceId: string,
    private readonly actions: CommandActions,
    /** the box's wall clock, ms since the epoch */
    private readonly now: () => number = Date.now,
  ) {}

  handle(payload: Uint8Array): CommandReply {
    const check = checkCommand(payload, { operatorKey: this.operatorKey, deviceId: this.deviceId, lastCounter: this.journal.commandCounter, now: this.now() });
    const reply = { v: 1 as const, device_id: this.deviceId };
    if (!check.accepted) {
      this.journal.recordSecurity(`command_${check.reason}`, check.detail, payload);
      return { ...reply, accepted: false, reason: check.reason, ...claimed(check) };
    }
    const { command } = check;
    // Persisted first: a command replayed after a crash mid-action is still refused.
    this.journal.acceptCommandCounter(command.counter);
    try {
      return { ...reply, accepted: true, counter: command.counter, name: command.name, result: this.act(command) };
    } catch (error) {
      return { ...reply, accepted: false, reason: "failed", counter: command.counter, name: command.name, result: { error: (error as Error).message } };
    }
  }

  private act(command: SignedCommand): Record<string, unknown> {
    const { actions } = this;
    switch (command.name) {
      case "request_status":
        return { status: actions.status() };
      case "set_mode":
        actions.setMode((command.args as { mode: "normal" | "maintenance" }).mode);
        return { mode: (command.args as { mode: string }).mode };
      case "checkpoint":
        return { checkpoint: actions.checkpoint() };
      case "get_evidence": {
        const digest = (command.args as { digest: string }).digest;
        const window = actions.evidence(digest);
        if (!window) throw new Error(`no evidence window ${digest} on this box`);
        return { digest, window };
      }
      case "reboot":
        actions.reboot();
        return {};
      default:
        throw new Error(`command ${command.name} has no action`);
    }
  }
}

function claimed(check: { counter?: number; name?: string }): { counter?: number; name?: string } {
  return { ...(check.counter !== undefined ? { counter: check.counter } : {}), ...(check.name !== undefined ? { name: check.name } : {}) };
}
