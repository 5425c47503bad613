/* Generated from protocols/spec.md by protocols/generate.ts. Do not edit: run `npm run generate`. */
/**
 * the event vocabulary of ../shared/spec/trace-format.md §3 (trip travels on its own topic)
 */
export type EventType = ("entrapment" | "stopped_outside_door_zone" | "unintended_movement" | "door_open_while_moving" | "overspeed" | "free_fall" | "overtravel" | "leveling_fault" | "abnormal_vibration" | "power_loss" | "power_restored" | "alarm_button" | "door_fault" | "mode_change" | "sensor_fault" | "sensor_recovered")

export interface EventEnvelope {
/**
 * contract version
 */
v: 1
/**
 * {device_id}:{boot}:{seq}; unique per device forever; the deduplication key
 */
event_id: string
/**
 * the box that raised it
 */
device_id: string
/**
 * boot counter of the box when it raised the event
 */
boot: number
/**
 * per-device sequence number of events, from 1 for the first event the box ever raised, across boots, without gaps or repeats: a gap is a lost event
 */
seq: number
type: EventType
/**
 * true for the event types that evidence an insured accident or fault
 */
insured: boolean
onset: Instant
raised: Instant
time_quality: ("synchronised" | "unsynchronised" | "simulated")
/**
 * configuration the detectors ran with
 */
config_version: string
lift: LiftState
/**
 * type-specific measurements that justify the event: the EventDetails entry its type names (see below)
 */
details: {
[k: string]: unknown
}
/**
 * hex SHA-256 of the canonical bytes of the device's previous sealed envelope (with its sig); 64 zeros for the first event ever (see Evidence integrity)
 */
prev_digest?: string
/**
 * base64 Ed25519 signature by the device key over the canonical bytes of this envelope without sig (see Evidence integrity)
 */
sig?: string
}
export interface Instant {
/**
 * ms on the box's monotonic clock since boot
 */
mono_ms: number
/**
 * UTC wall time as the box believed it
 */
wall: string
}
export interface LiftState {
motion: ("unknown" | "moving" | "stopped")
/**
 * while moving
 */
direction: ("up" | "down" | null)
door: ("unknown" | "open" | "closed")
/**
 * door (unlocking) zone
 */
zone: ("unknown" | "inside" | "outside")
occupancy: ("unknown" | "occupied" | "vacant" | "notFitted")
mode: ("normal" | "maintenance")
/**
 * mains supply, from the mains monitor
 */
power?: ("unknown" | "mains" | "lost")
/**
 * m/s, + up, integrated from the accelerometer while moving; 0 at rest; null when unknown
 */
speed_mps?: (number | null)
/**
 * landing index, bottom = 0, when at one
 */
landing: (number | null)
/**
 * m above the lowest landing, when landings are configured
 */
position_m: (number | null)
}

/**
 * s
 */
export type Seconds = number
/**
 * present where the box had raised one of this type before it restarted, had not seen it end, and the car has neither moved nor opened its door (nor, for a stop outside the zone, entered one) since: this may be that incident again, dated at the restart, or a new one that began while the box was down (see below)
 */
export type OpenBeforeRestart = true
/**
 * SHA-256 (hex) of each window of raw samples stored before the trigger (see Evidence integrity)
 */
export type EvidenceWindows = string[]
export type SensorName = ("accelerometer" | "barometer" | "door_closed" | "door_zone" | "occupied" | "alarm" | "mains" | "inspection")

/**
 * every event type's details, by type: an EventEnvelope's details are the one its type names
 */
export interface EventDetails {
entrapment?: EntrapmentDetails
stopped_outside_door_zone?: StoppedOutsideDoorZoneDetails
unintended_movement?: UnintendedMovementDetails
door_open_while_moving?: DoorOpenWhileMovingDetails
overspeed?: OverspeedDetails
free_fall?: FreeFallDetails
overtravel?: OvertravelDetails
leveling_fault?: LevelingFaultDetails
abnormal_vibration?: AbnormalVibrationDetails
power_loss?: NoDetails
power_restored?: PowerRestoredDetails
alarm_button?: NoDetails
door_fault?: DoorFaultDetails
mode_change?: ModeChangeDetails
sensor_fault?: SensorFaultDetails
sensor_recovered?: SensorRecoveredDetails
}
export interface EntrapmentDetails {
kind: ("between_floors" | "at_floor" | "unknown")
suspected: boolean
alarm_pressed: boolean
confidence: ("confirmed" | "probable" | "suspected")
stopped_s: Seconds
open_before_restart?: OpenBeforeRestart
evidence_windows?: EvidenceWindows
}
export interface StoppedOutsideDoorZoneDetails {
duration_s: Seconds
open_before_restart?: OpenBeforeRestart
evidence_windows?: EvidenceWindows
}
export interface UnintendedMovementDetails {
evidence: ("displacement" | "left door zone")
/**
 * m, + up; with evidence: displacement
 */
displacement_m?: number
evidence_windows?: EvidenceWindows
}
export interface DoorOpenWhileMovingDetails {
/**
 * m/s
 */
speed_mps: number
evidence_windows?: EvidenceWindows
}
export interface OverspeedDetails {
/**
 * m/s
 */
speed_mps: number
/**
 * m/s
 */
limit_mps: number
/**
 * m/s
 */
rated_speed_mps: number
severe: boolean
evidence_windows?: EvidenceWindows
}
export interface FreeFallDetails {
/**
 * g
 */
min_g: number
duration_s: Seconds
evidence_windows?: EvidenceWindows
}
export interface OvertravelDetails {
end: ("top" | "bottom")
/**
 * m above the lowest landing
 */
position_m: number
evidence_windows?: EvidenceWindows
}
export interface LevelingFaultDetails {
/**
 * mm, + above the landing
 */
error_mm: number
/**
 * mm, one σ
 */
uncertainty_mm?: number
landing?: number
evidence_windows?: EvidenceWindows
}
export interface AbnormalVibrationDetails {
/**
 * m/s²
 */
rms_mps2: number
axis: ("vertical" | "horizontal")
/**
 * m/s²
 */
limit_mps2: number
evidence_windows?: EvidenceWindows
}
export interface NoDetails {
evidence_windows?: EvidenceWindows
}
export interface PowerRestoredDetails {
outage_s: Seconds
evidence_windows?: EvidenceWindows
}
export interface DoorFaultDetails {
kind: ("fails_to_close" | "fails_to_open")
/**
 * with kind: fails_to_close
 */
reopenings?: number
evidence_windows?: EvidenceWindows
}
export interface ModeChangeDetails {
mode: ("normal" | "maintenance")
/**
 * s, on the clock of onset.mono_ms; with mode: normal
 */
maintenance_from?: number
/**
 * s; with mode: normal
 */
maintenance_s?: number
evidence_windows?: EvidenceWindows
}
export interface SensorFaultDetails {
sensor: SensorName
reason: string
gap_s?: Seconds
landing?: number
evidence_windows?: EvidenceWindows
}
export interface SensorRecoveredDetails {
sensor: SensorName
fault_duration_s: Seconds
evidence_windows?: EvidenceWindows
}

export interface TripMessage {
v: 1
device_id: string
boot: number
start: Instant
end: Instant
direction: ("up" | "down")
/**
 * m travelled
 */
distance_m: number
/**
 * m/s, peak speed
 */
max_speed_mps: number
from_landing?: number
to_landing?: number
/**
 * mm, + above: where the car came to rest against its landing, measured from the last door-zone edge
 */
leveling_error_mm?: number
/**
 * ISO 18738-1-style metrics of the trip: max and A95 acceleration and deceleration (m/s²), max jerk (m/s³), vertical and horizontal vibration peak-to-peak and A95 (m/s²), with flags for what the sample rate limited
 */
ride_quality?: {
[k: string]: unknown
}
time_quality: ("synchronised" | "unsynchronised" | "simulated")
}
export interface StatusMessage {
v: 1
device_id: string
online: boolean
boot?: number
at?: Instant
/**
 * how far at.wall can be trusted (see Time); with at
 */
time_quality?: ("synchronised" | "unsynchronised" | "simulated")
lift?: LiftState
/**
 * events raised but not yet acknowledged by the platform; an event sent again at a resend request after it had been acknowledged is not counted
 */
pending_events?: number
/**
 * the journal: storage_critical when only events that may never be evicted are left and it is over its budget (or the disk is full)
 */
storage?: ("ok" | "storage_critical")
/**
 * trips and status snapshots dropped for lack of storage, since the journal was made
 */
shed_telemetry?: number
/**
 * health of each sensor that is not ok: failed = fitted but unusable since start (its probe failed: wrong chip, missing bus); warning = faulty now (reads failing, invalid data, a chattering contact). A sensor_fault event says why
 */
sensors?: {
[k: string]: "ok" | "warning" | "failed"
}
/**
 * usage counted across boots since the box began keeping the counters in its journal, for on-demand maintenance
 */
counters?: {
trips: number
/**
 * door openings followed by a closing
 */
door_cycles: number
/**
 * h the car spent moving
 */
run_hours: number
/**
 * m travelled
 */
distance_m: number
/**
 * EN 81-50-style equivalent rope bends (configured sheave geometry)
 */
rope_bends: number
}
}
export interface Checkpoint {
v: 1
/**
 * tells a checkpoint from an envelope in an export
 */
kind: "checkpoint"
device_id: string
/**
 * boot counter when the checkpoint was made
 */
boot: number
/**
 * seq of the last event covered; 0 before the first event
 */
seq: number
/**
 * hex SHA-256 of the canonical bytes of that event's sealed envelope (64 zeros when none)
 */
head: string
/**
 * events covered since the first event ever (equals seq: a mismatch means a lost or extra event)
 */
count: number
/**
 * hex SHA-256 of the canonical bytes of the previous checkpoint, with its sig (64 zeros for the first)
 */
prev_checkpoint: string
/**
 * what made the box sign it
 */
reason: ("every_n_events" | "clean_stop" | "timer" | "export" | "on_demand" | "evidence_window")
/**
 * windows recorded after an event was sealed (the seconds after its trigger), each bound here to its event
 */
evidence_windows?: {
seq: number
digest: string
}[]
at: Instant
time_quality: ("synchronised" | "unsynchronised" | "simulated")
/**
 * base64 Ed25519 signature over the canonical bytes of this record without sig
 */
sig: string
}
export interface EvidenceWindow {
v: 1
kind: "evidence_window"
/**
 * the box that recorded it
 */
device_id: string
/**
 * ms on the box's monotonic clock: the window's start (it may begin before the boot's first reading, at a negative time when an event came soon after boot)
 */
from_mono_ms: number
/**
 * ms on the box's monotonic clock: the window's end
 */
to_mono_ms: number
/**
 * the columns of every row, in its order: t first
 * 
 * @minItems 1
 */
columns: [("t" | "ax" | "ay" | "az" | "pressure" | "door_closed" | "door_zone" | "occupied" | "alarm" | "mains" | "inspection"), ...(("t" | "ax" | "ay" | "az" | "pressure" | "door_closed" | "door_zone" | "occupied" | "alarm" | "mains" | "inspection"))[]]
/**
 * one row per reading time, in the order the box took them: [t, value or null for each other column]
 */
rows: (number | null)[][]
}

export interface PlatformAck {
v: 1
/**
 * the box the acknowledged events came from
 */
device_id: string
/**
 * seq of each event now committed by the platform (signature and chain checked)
 */
acked: number[]
/**
 * seq ranges the platform has not got (a gap in the chain): the box sends them again if it still holds them
 */
resend?: {
from: number
to: number
}[]
}

export interface SignedCommand {
v: 1
/**
 * the one box this command is for
 */
device_id: string
/**
 * strictly above the last counter the box accepted; at most 2^53 − 1, the largest integer every JSON reader holds exactly (above it two counters could read as one)
 */
counter: number
/**
 * RFC 3339 (Z or an offset); rejected at or after this instant
 */
expires: string
/**
 * what to do
 */
name: ("request_status" | "set_mode" | "reboot" | "get_evidence" | "checkpoint")
/**
 * the named command's arguments: set_mode {mode: normal|maintenance} (maintenance declared remotely, as the inspection switch does); get_evidence {digest}; the others {}
 */
args: {

}
/**
 * Ed25519 signature, base64url without padding
 */
sig: string
}

export interface CommandReply {
v: 1
device_id: string
/**
 * the command's counter, as it claimed
 */
counter?: number
/**
 * the command's name, as it claimed
 */
name?: string
accepted: boolean
/**
 * why it was rejected (or failed)
 */
reason?: ("malformed_json" | "malformed_command" | "bad_signature" | "wrong_device" | "expired" | "replayed" | "unknown_command" | "bad_arguments" | "failed")
/**
 * what an accepted command produced: request_status {status: StatusMessage}, checkpoint {checkpoint: Checkpoint}, get_evidence {digest, window: EvidenceWindow}, set_mode {mode}, reboot {}
 */
result?: {

}
}

export interface CalibrationRecord {
/**
 * record version
 */
v: 1
kind: "calibration"
/**
 * the box calibrated: must be the topic's device
 */
device_id: string
/**
 * configuration the box ran with while calibrating
 */
config_version: string
/**
 * when the calibration ended (ISO 8601, UTC)
 */
calibrated_at: string
/**
 * what was calibrated: simulator:<scenario> or hardware
 */
source: string
mount: {
/**
 * unit vector of the specific force at rest (up) in the accelerometer's frame
 */
gravity_chip: {
x: number
y: number
z: number
}
/**
 * m/s², magnitude of the specific force at rest
 */
g_mps2: number
/**
 * m/s², one σ of g_mps2
 */
g_uncertainty_mps2: number
/**
 * 9.80665 / g_mps2: a check of the accelerometer, not applied
 */
scale: number
/**
 * °, rotation of the chip about its x axis from level
 */
roll_deg: number
/**
 * °, rotation of the chip about its y axis from level
 */
pitch_deg: number
/**
 * unknowable from gravity alone
 */
yaw_deg: null
/**
 * m/s², largest per-axis standard deviation at rest
 */
noise_mps2: number
}
lift: {
/**
 * m, each landing's height above the bottom one, bottom first
 * 
 * @minItems 2
 */
landings_m: [number, number, ...(number)[]]
/**
 * m, one σ of each landing height
 */
landings_uncertainty_m: number[]
/**
 * m, half height of the door zone
 */
door_zone_half_m: number
/**
 * m, one σ
 */
door_zone_half_uncertainty_m: number
/**
 * m/s, cruise speed of the longest run
 */
rated_speed_mps: number
/**
 * m/s, one σ
 */
rated_speed_uncertainty_mps: number
}
/**
 * where a barometer is fitted
 */
barometer?: {
/**
 * Pa at each landing, bottom first, that day: weather moves them all by hundreds of Pa, so only their differences outlast the calibration
 */
pressures_pa: number[]
/**
 * m per Pa (negative: pressure falls going up), least squares over the landings
 */
scale_m_per_pa: number
}
/**
 * each input checked and its polarity (door_contact: normal, inverted or unchecked, with the reads that agreed and disagreed)
 */
inputs: {

}
steps: {
/**
 * mount, learning_run, inputs, ...
 */
name: string
result: ("ok" | "failed" | "skipped")
detail?: string
}[]
/**
 * base64 Ed25519 signature by the device key over the canonical bytes of the record without sig
 */
sig: string
}

export const topics = [
  {
    "name": "event",
    "pattern": "{root}/{device}/event",
    "qos": 1,
    "retain": false,
    "direction": "box → platform",
    "payload": "EventEnvelope",
    "meaning": "one insured or operational event; sent until delivered, never dropped"
  },
  {
    "name": "trip",
    "pattern": "{root}/{device}/trip",
    "qos": 1,
    "retain": false,
    "direction": "box → platform",
    "payload": "TripMessage",
    "meaning": "one completed car movement, for usage counting and ride quality"
  },
  {
    "name": "status",
    "pattern": "{root}/{device}/status",
    "qos": 1,
    "retain": true,
    "direction": "box → platform",
    "payload": "StatusMessage",
    "meaning": "online (birth, heartbeat) or offline (last will, clean stop); the retained copy tells a new subscriber the box's last known state"
  },
  {
    "name": "checkpoint",
    "pattern": "{root}/{device}/checkpoint",
    "qos": 1,
    "retain": false,
    "direction": "box → platform",
    "payload": "Checkpoint",
    "meaning": "a signed commitment to the head of the event chain (see Evidence integrity); sent at QoS 1 when made, not journaled for delivery: the chain itself carries the evidence, and every export carries every checkpoint"
  },
  {
    "name": "ack",
    "pattern": "{root}/{device}/ack",
    "qos": 1,
    "retain": false,
    "direction": "platform → box",
    "payload": "PlatformAck",
    "meaning": "the platform has committed these events to its own durable store (only then does the box clear them), and asks again for any it is missing"
  },
  {
    "name": "command",
    "pattern": "{root}/{device}/command",
    "qos": 1,
    "retain": false,
    "direction": "operator → box",
    "payload": "SignedCommand",
    "meaning": "one remote command signed by the operator key, for this box only, with a counter and an expiry; anything else is rejected and journaled as a security event"
  },
  {
    "name": "reply",
    "pattern": "{root}/{device}/reply",
    "qos": 1,
    "retain": false,
    "direction": "box → operator",
    "payload": "CommandReply",
    "meaning": "what the box did with a command: accepted with its result, or rejected with the reason"
  },
  {
    "name": "calibration",
    "pattern": "{root}/{device}/calibration",
    "qos": 1,
    "retain": true,
    "direction": "box → platform",
    "payload": "CalibrationRecord",
    "meaning": "the signed calibration record the box runs with, unchanged, sent at every connect; retained, so the record in force reaches a platform that was away; empty, once, from a box that ran with one and now runs without: the retained copy is cleared (see CalibrationRecord)"
  }
] as const;
