/**
 * Every setting of the box, with its default, unit and meaning, in one schema.
 * Numbers that come from standards we could not read are defaults here, not truth in code
 * (see ../shared/domain.md; marked "unverified" where the source was secondary).
 */
import { z } from "zod";
import { count, flag, fraction, positive, quantity } from "./setting.ts";
import { rideQualitySettings } from "../quality/ride-quality-config.ts";
import { usageSettings } from "../usage/usage-config.ts";


const device = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, '-' or '_' (1-64 characters)")
      .default("liftwatch-sim-0001")
      .meta({ description: "device id: names the box in every topic and event" }),
    boot: z.number().int().min(0).default(0).meta({ description: "boot counter of a simulated box without a journal (sim): run and start count boots in the journal and use its counter, whatever this says (the effective configuration run prints, before the journal opens, shows this value; the journal line after it, the boot in force)" }),
  })
  .prefault({});

const lift = z
  .strictObject({
    landings_m: z
      // The tallest lifts rise about 600 m: a landing further up is a unit slip (mm written as m);
      // and serve under 200 landings (150,000 had overflowed config check's stack).
      .array(z.number().finite().max(1000))
      .max(500)
      .default([])
      .meta({ unit: "m", description: "height of each landing above the lowest, bottom first; empty when unknown" }),
    // Not 0 by default: a trace whose metadata gave landings and no start landing was taken to
    // begin at the bottom, and a car at the fourth raised an overtravel on its first trip down.
    start_landing: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({
        description:
          "landing index where the car is when a trace begins, a simulated box starts, or a box first starts on its journal (boot 1); absent: not known, and the box finds the landing from the trips it sees. On every later boot the box takes the car to be at the landing its last run ended at, as its journal kept it, and where that is not known (the box stopped during a run, or the car was not at a landing) finds the landing likewise",
      }),
    rated_speed_mps: z
      .number()
      // The fastest lifts built run at about 21 m/s: more is a unit slip (km/h, ft/min); the
      // slowest (a home lift, a hydraulic one) at about 0.15 m/s: much less is a slip too.
      .min(0.05)
      .max(25)
      .optional()
      .meta({ unit: "m/s", description: "rated speed of the lift (from the lift's data plate or a learning run); overspeed is judged only when it is known" }),
    door_zone_half_m: quantity(0.2, "m", "half height of the door (unlocking) zone around a landing (unverified: ≤ 0.20 m)", positive),
  })
  .prefault({});

// false leaves the part out whatever the board wires or a trace records (firmware/config/fitted-flags.ts).
const sensors = z
  .strictObject({
    accelerometer: flag(true, "an accelerometer is fitted (false: the board's is not read)"),
    door_contact: flag(true, "a car-door contact is fitted (false: the board's is not read)"),
    door_zone: flag(true, "a door-zone (leveling) sensor is fitted (false: the board's is not read)"),
    presence: flag(true, "a presence sensor (PIR) is fitted in the car (false: the board's is not read, as for one known broken)"),
  })
  .prefault({});

const sampling = z
  .strictObject({
    accelerometer_hz: z
      .number()
      .finite()
      .positive()
      .optional()
      .meta({ unit: "Hz", description: "accelerometer output data rate the board is expected to run at; the board sets the rate (its accelerometer's rate_hz) and this, where set, only asks that it be that: config check, run and calibrate refuse a board whose accelerometer runs at another. Absent: the board's rate" }),
    poll_interval_ms: quantity(20, "ms", "how often the FIFO is drained and the inputs read (the watermark period)", { min: 1, max: 1000 }),
  })
  .prefault({});

const motion = z
  .strictObject({
    smoothing_s: quantity(0.12, "s", "time constant of the low-pass applied to vertical acceleration"),
    start_mps2: quantity(0.12, "m/s²", "smoothed vertical acceleration that starts a movement (least value; raised on a noisy sensor)"),
    start_hold_s: quantity(0.25, "s", "how long the start acceleration must last"),
    start_dv_mps: quantity(0.15, "m/s", "speed change a start lobe must reach by its end; smaller lobes are jolts and the movement is dropped"),
    hidden_rise_max_s: quantity(0.5, "s", "longest a start's smoothed acceleration may take from zero to the quiet band: the raw acceleration there, which the smoothing hid, is counted into the run's speed; a longer stretch inside the band is an offset, and none of it is counted"),
    quiet_mps2: quantity(0.06, "m/s²", "smoothed acceleration below which the car is quiet (least value; raised on a noisy sensor)"),
    noise_tracking_s: quantity(20, "s", "time constant of the noise floor of the smoothed acceleration, learnt at rest"),
    noise_start_factor: quantity(3, "1", "start threshold is at least this many times the noise floor (RMS)"),
    noise_quiet_factor: quantity(1.5, "1", "quiet band is at least this many times the noise floor (RMS)"),
    min_lobe_samples: quantity(2, "samples", "a lobe seen by fewer samples is a spike, not an acceleration phase", count(0)),
    max_lobe_s: quantity(12, "s", "longest acceleration phase of any lift; acceleration one-sided for longer means the gravity reference is off and is learnt again"),
    min_lobe_s: quantity(0.5, "s", "shortest lobe that counts as a start or braking pulse"),
    high_passed_accelerometer: z
      .enum(["auto", "yes", "no"])
      .default("auto")
      .meta({ description: "the accelerometer forgets sustained acceleration (a phone's fused linear acceleration); auto: yes only when neither door contact nor door-zone sensor is fitted" }),
    pulse_gap_s: quantity(0.8, "s", "longest gap between a pulse and its opposite overshoot on a high-passed (fused) accelerometer"),
    pulse_max_m: quantity(1.5, "m", "a pulse pair integrating to less than this is a start seen through a high-pass, not a trip of its own (a 1.5 m/s start through a 0.7 s high-pass integrates to about 1 m; no two floors are this close)"),
    max_cruise_s: quantity(90, "s", "longest cruise between a start pulse pair and a braking pulse pair (high-passed accelerometer)"),
    stop_quiet_s: quantity(0.8, "s", "how long the car must be quiet after braking to count as stopped"),
    stop_speed_fraction: quantity(0.35, "1", "residual integrated speed, as a fraction of the peak, still accepted as stopped", fraction),
    stop_drift_mps2: quantity(0.01, "m/s²", "residual speed of this much per second of run is integration drift, still accepted as stopped (slow inspection and hydraulic runs are long)"),
    run_offset_uncertainty_mps2: quantity(0.0015, "m/s²", "how far the vertical reading's offset in a run may differ from the gravity learnt at rest (one σ): it grows the speed's uncertainty through the run, which overspeed allows for. A chip quieter than its resolution reads gravity at rest up to a fraction of a step off, and the car's vibration dithers that away in a run: 0.002-0.003 m/s² on an ADXL345 (3.9 mg steps) with 0.01 m/s² of noise, 0.1 m/s of false speed 40 s into a slow run (unverified on hardware). What the reference keeps of a noisy chip's noise is counted on top, from the noise measured at rest"),
    crawl_min_mps: quantity(0.02, "m/s", "a car gone quiet after braking and still going its way at least this fast (and crawl_confidence_sigma times its speed's uncertainty) is in a levelling crawl, not stopped (hydraulic and two-speed lifts; unverified)"),
    crawl_confidence_sigma: quantity(3, "1", "a crawl's speed must exceed this many standard deviations of the speed's own uncertainty (the readings' noise integrated through the run), so that drift is not taken for one"),
    reversal_confidence_sigma: quantity(3, "1", "a run's speed turned against the way it started is a bounce only beyond start_dv_mps / 2 and this many standard deviations of the speed's own uncertainty (its noise and the run's offset): a long slow run's drift can turn it by several cm/s as the car brakes"),
    max_crawl_s: quantity(8, "s", "longest levelling crawl (0.2 m at 3 cm/s takes 6.7 s): a run still quiet at crawl speed after this long has stopped where it went quiet, the speed being drift (unverified)"),
    max_unbraked_quiet_s: quantity(120, "s", "a movement with no braking seen ends after this long quiet"),
    door_open_quiet_s: quantity(2, "s", "a run that began with the car door open, quiet this long after its start with no braking of its own, was the braking of a car creeping too gently to feel, taken for a start the other way: with its door open no drive holds a car's speed (a box without a door-zone sensor had integrated one for 36 s, raising a false overtravel)"),
    unseen_motion_s: quantity(60, "s", "after boot or a gap in the accelerometer's data the car may be moving unseen: until its door opens, a whole run is seen, it stays still in a door zone for twice as long as a car at start_dv_mps takes to cross one (lift.door_zone_half_m), or this long passes without a start, a run's speed is not trusted for insured events (it may be a braking seen as a start)"),
    min_trip_m: quantity(0.5, "m", "shorter movements are jolts, not trips"),
    processing_hz: quantity(100, "Hz", "motion is estimated, and every detector but free fall and vibration judges, at about this rate: a faster accelerometer's readings are averaged in blocks of the nearest whole number of them (their noise falls by its square root); free fall, ride vibration and ride quality take every reading. Motion detection works at 50-100 Hz; ride quality wants 250-400", positive),
    min_accelerometer_hz: quantity(8, "Hz", "below this rate the accelerometer is used only when no barometer is fitted (and cannot judge handling)"),
    accelerometer_scale_uncertainty: quantity(0.035, "1", "how far off the accelerometer's sensitivity may be (one σ, a fraction): weighs it against a barometer, bounds a run's length, and until the sensitivity is learnt is as much of a leveling approach's length in its doubt. The ADXL345's 230-282 LSB/g (±10 %, as we read its datasheet) taken as 3 σ; an MPU-6050 (±3 %) may set 0.01", { min: 0, below: 1 }),
    scale_min_run_m: quantity(2, "m", "where a door-zone sensor is fitted, the accelerometer's sensitivity is learnt from runs (integrated against the known distance between the first and last door-zone edges each passed); shorter spans are left out (a centimetre of an edge read between two polls is too much of them), here and in the spans within a run that put its speed right for overspeed (see estimation/run-scale.ts)"),
    scale_min_runs: quantity(3, "runs", "runs that must agree (see scale_agreement) before the learnt sensitivity is taken out of the readings", count()),
    scale_agreement: quantity(0.02, "1", "runs agree on the sensitivity when within this fraction of their median (good runs spread about ±1.5 %); one good run and two cut short (a crawl taken for drift reads 11 % short) must not teach the chip 11 % under. Two spans within a run must agree as closely before their ratio puts the run's speed right for overspeed", fraction),
    scale_runs: quantity(9, "runs", "the sensitivity is the median of the last this many runs (an edge read late or a vane out of place is one of them, not the median)", count()),
    scale_max_error: quantity(0.2, "1", "a run whose integrated distance is further than this fraction from the known one is left out of the sensitivity (an edge matched to the wrong landing, a jolt), not a sensitivity error; a span within a run, also beyond 3 σ of accelerometer_scale_uncertainty", fraction),
    scale_max_drift: quantity(0.03, "1", "a run whose integration drift taken out between the edges is more than this fraction of their distance is left out of the sensitivity: its residual speed at the stop was likely real (a crawl whose end was not seen), not drift", fraction),
    scale_deadband: quantity(0.01, "1", "a learnt sensitivity within this fraction of 1 is left alone (within what a few runs can tell); once learnt, the sensitivity's remaining doubt (one σ) where a leveling measurement from the zone edge alone counts it, in place of accelerometer_scale_uncertainty before (unverified)", fraction),
    gravity_tracking_s: quantity(15, "s", "time constant of the gravity estimate while the car is at rest. The estimate keeps σ·√(dt/2τ) of the chip's noise, which a run integrates as an offset: at 5 s a noisy 50 Hz chip (0.043 m/s²) kept 1.9 mm/s², and one 7 s rest left it 6.5 mm/s² off, enough to carry a slow run's speed past the overspeed limit. 15 s still follows what it must: the chip's offset moves with its temperature, over minutes, and a reference half a degree off the car's tilt (a load to one side) misreads the vertical by only 0.4 mm/s²"),
    reference_warmup_s: quantity(1, "s", "after boot or handling, the gravity reference averages this long before any start is looked for (one reading in the middle of a bounce is not gravity)"),
    activity_high_pass_s: quantity(0.5, "s", "time constant separating handling and footsteps (faster) from car motion (slower) in |a|"),
    activity_averaging_s: quantity(1, "s", "averaging time of the handling/footstep RMS"),
    activity_low_pass_s: quantity(0.04, "s", "time constant of a low-pass (4 Hz) that leaves the car's own vibration (guide rollers, ropes: 5 Hz and up) out of the handling/footstep RMS"),
    activity_mps2: quantity(1, "m/s²", "RMS of the fast part of |a| above which the box is being carried or handled (walking, stairs, jumping): no start, no gravity learning"),
    handled_abandon_s: quantity(1, "s", "a movement that has gone less than min_trip_m while the box has been shaken this long is people jumping or handling, not a run: dropped"),
    min_calm_s: quantity(2, "s", "a barometric movement is a ride only if the box was calm (not carried or handled) this long without a break during it"),
    onset_lookback_s: quantity(3, "s", "an inertial start this long before a barometric start (same direction) gives the trip its onset"),
  })
  .prefault({});

const barometer = z
  .strictObject({
    median_samples: quantity(5, "samples", "running median over this many pressure readings, against isolated spikes (at most 100: the window is sorted afresh at each reading)", { ...count(), max: 100 }),
    smoothing_s: quantity(0.8, "s", "time constant of the low-pass applied to barometric height"),
    start_m: quantity(0.9, "m", "height change from rest that starts a barometric movement"),
    stable_window_s: quantity(3, "s", "window over which the height must hold still to end a movement"),
    stable_range_m: quantity(0.35, "m", "height range within that window that counts as still"),
    min_trip_m: quantity(1.5, "m", "shorter barometric movements are noise, not trips"),
    noise_factor: quantity(3, "1", "start height and still range are at least this many times the height noise (RMS) learnt at rest"),
    noise_cap_factor: quantity(2, "1", "height noise is learnt clipped to this many times start_m, so a missed movement cannot inflate it"),
    min_speed_mps: quantity(0.4, "m/s", "a movement whose peak vertical speed stays below this is not a lift (stairs, escalator, weather)"),
    correction_s: quantity(1, "s", "on a box without a door-zone sensor: time constant over which the barometer pulls the integrated position during a run (longer: quieter but later)"),
    weather_prior_m_per_h: quantity(25.2, "m/h", "on a box without a door-zone sensor: how fast the weather may move the barometric height before the car's rests have shown it (one σ; 300 Pa/h, a front's: a box restarts after a power cut, and storms cut power; fair weather moves tens of Pa an hour, and a smaller figure places more of the first minutes' trips) (unverified: a rough figure, not a survey)", { above: 0 }),
    weather_wander_m_per_h: quantity(25.2, "m/h", "how far the weather's rate may change in ten minutes (one σ; 300 Pa/h, as a front arrives): the latest rests count the more, the larger it is (unverified)", { above: 0 }),
    weather_beyond_m_per_h: quantity(252, "m/h", "a rest whose barometric level moved faster than this (3,000 Pa/h) moved by no weather: the car went unseen, and the rest is not taken", { above: 0 }),
    weather_memory_s: quantity(900, "s", "how long the rests' scatter is remembered (where it is wider than their levels' noise, it is what a rest is trusted by), and how long ago a landing the car was surely at may be compared with its level now to tell the weather's rate", { above: 0 }),
    settle_s: quantity(2, "s", "after the car came to rest (or its levelling crawl ended), its barometric level is measured this much later, once the chip's own filter has let go of the level it came from (a BMP280's IIR at coefficient 16 and 26 Hz: 0.6 s a time constant; longer for a slower rate)", { above: 0 }),
    drift_m_per_h: quantity(3, "m/h", "on a box without a door-zone sensor: how far the weather may move the barometric height from the rate the car's rests showed, while the box cannot measure it (the car moving, or a rest it may have moved in unseen); at rest it measures it (one σ; 0.1 hPa ≈ 0.8 m, and pressure moves a few tenths of a hPa an hour, a few hPa as a front passes)"),
  })
  .prefault({});

const detection = z
  .strictObject({
    // A second at least: with no wait, the facts of one stop settling one by one raise it more than once.
    // At most an hour: a delay in ms written as s (45000) left an entrapment unraised for half a
    // day, and config check blamed journal.evidence_history_s for it.
    entrapment_between_floors_s: quantity(30, "s", "stopped outside the door zone, door closed, occupied, for this long", { min: 1, max: 3600 }),
    entrapment_at_floor_s: quantity(45, "s", "in the door zone, door closed and not opening, occupied, for this long; also where the box cannot tell whether the car is in a zone (an entrapment of kind unknown)", { min: 1, max: 3600 }),
    stopped_outside_door_zone_s: quantity(60, "s", "stopped outside any door zone (not in maintenance) for this long", { min: 1, max: 3600 }),
    emergency_stop_mps2: quantity(1.5, "m/s²", "a run braked harder than this (smoothed) was stopped, not landed (an emergency stop, a power cut, the safety gear): a door shut after it is no door fault (someone is shut in), and on a box without a door-zone sensor the car is taken to be between floors unless the reckoning puts it inside a zone. Lifts land at up to about 1.5 m/s² (GB/T 10058's ride limit); emergency braking is 2-5 m/s² (unverified)"),
    emergency_braking_ratio: quantity(1.5, "× the start", "likewise a run braked harder than this many times its own start's peak (for a lift learnt to land much harder than it starts, emergency_landing_margin times how it lands, where that is more): lifts brake about as they accelerate (0.7-1.1 × in the simulated corpus), and a slow lift's emergency stop may stay under emergency_stop_mps2 (0.6 m/s stopped at 2.5 m/s² with the jerk limited peaks near 1.3) (unverified)"),
    emergency_landing_margin: quantity(1.15, "× how it lands", "a lift learnt to land harder than it starts (landing_braking_trips) stopped in an emergency only where it braked harder than this many times how it lands, if that is more than emergency_braking_ratio times its start: each landing of a lift braking 1.6 times its start had read as an emergency stop (no door fault after it; without a door-zone sensor, no landing placed), while a margin that scaled emergency_braking_ratio took gentle emergency stops of lifts landing at 1.2-1.3 times their start for landings (a review helper's sweeps). Unverified", { above: 1 }),
    emergency_ripple_peak: quantity(2, "× rms", "a run's braking is held against emergency_stop_mps2 less this many times the rms the smoothed acceleration shook by at even speed in that run (a worn roller's tone at 1.2 m/s² rms added 0.27-0.45 m/s² to a 1.2 m/s² landing's peak, its smoothed ripple 0.24 rms); 0 leaves the peak as it is"),
    landing_snap_m: quantity(0.6, "m", "a stop this close to a landing is at that landing"),
    // Not a fixed 0.1 m by default (see missedVaneDefaultM).
    missed_vane_m: z
      .number()
      .finite()
      .min(0)
      .optional()
      .meta({ unit: "m", description: "a car that stopped after a trip this close to a landing, reckoned from the last door-zone edge or landing it passed, while the door-zone sensor reads outside: the sensor missed its vane (a sensor fault; the car is taken as in the zone until it moves again), rather than the car stopping outside the zone; less than lift.door_zone_half_m; by default 0.1 m, or 5 cm inside the zone's edge where that is less; 0 turns the check off" }),
    missed_vane_sigma: quantity(1.5, "σ", "a stop within missed_vane_m is a missed vane only where the reckoning puts it inside the zone with this many σ of the accelerometer's sensitivity doubt (motion.accelerometer_scale_uncertainty until runs taught it, then motion.scale_deadband) over what it integrated since that edge to spare; else, on a box with a sound door contact, the sensor is believed unless the door opened as the car came in or opens within door_open_timeout_s of the stop (a lift opens its door only in the zone); a box without one has only the reckoning and keeps to missed_vane_m. A trade, not a standard's figure: more σ takes fewer stops just outside the zone for missed vanes (a chip 5 % high, not yet learnt, reckoned a car stopped 0.22 m short of its landing 0.1 m off; 1.5 σ of 3.5 % covers such a chip), and believes more sensors that missed a vane where the door then stays shut (see README)", { min: 0 }),
    landing_confidence_sigma: quantity(3, "1", "where the position is only estimated (no door-zone sensor): a stop is placed at a landing only when every other landing lies at least this many standard deviations of the position's uncertainty away (no landing rather than a wrong one)"),
    overspeed_factor: quantity(1.15, "× rated", "speed above this many times the rated speed is overspeed (governor trips at ≥ 1.15, unverified)", { above: 1, max: 10 }),
    // Up to 10: a slow lift's governor may trip at several times its rated speed (EN 81-20 sets
    // fixed speeds, not factors, above the 1.15 floor: 1.0 m/s on a 0.15 m/s home lift is 6.7 ×);
    // a percentage written for a factor (115) is past it.
    overspeed_severe_factor: quantity(1.4, "× rated", "second overspeed level, reported in the event (unverified)", { above: 1, max: 10 }),
    overspeed_hold_s: quantity(0.1, "s", "how long the speed must stay above the limit"),
    overspeed_confidence_sigma: quantity(2, "1", "overspeed is raised only when the speed exceeds the limit by this many standard deviations of the speed estimate's own uncertainty (the readings' noise and roughness integrated through the run)"),
    free_fall_g: quantity(0.35, "g", "specific force magnitude below this is falling (unverified: about 0.35 g)", { above: 0, below: 1 }),
    free_fall_hold_s: quantity(0.06, "s", "how long the specific force must stay that low (unverified: 50–100 ms)"),
    free_fall_min_samples: quantity(3, "samples", "fewest low readings that make a fall, whatever the rate", count(0)),
    door_open_speed_mps: quantity(0.3, "m/s", "outside the door zone, a door opening while the car moves faster than this is door-open-while-moving (relevelling speed, unverified)", { max: 1 }),
    door_preopening_speed_mps: quantity(0.8, "m/s", "inside the door zone (not the one of the landing the car is leaving), doors may open early on arrival below this speed; an opening under it but over door_open_speed_mps after which the car stays out of the zone was forced as it passed: door-open-while-moving (unverified). So may one the sensor reads outside every zone (a missed vane), or with no door-zone sensor, where the reckoning puts the car within reach of a landing's zone: unless the car then lands there, it was forced, raised at the stop. Set to door_open_speed_mps for a lift that never opens early"),
    early_opening_braking_ratio: quantity(1.15, "× the start", "such an opening where no sensor read the zone counts as early only if the car then braked no harder than this many times the hardest of its own start, its braking until the door opened, and how the lift was learnt to land (landing_braking_trips): a lift landing with its door opening early goes on braking as it was (at most 1.06 × its start after the doors opened early, on simulated lifts braking as they start), while a door forced open breaks the safety chain and the brake stops the car harder, though from under 0.8 m/s often not past emergency_braking_ratio (a review helper's sweeps: 1.0-1.5 × the start). A trade, unverified: lower raises more early openings, higher misses more doors forced open near a landing", { above: 0 }),
    landing_braking_trips: quantity(9, "trips", "how a lift brakes into its landings, against its start, is learnt as the median over this many of its last trips (in normal mode; not braked past emergency_stop_mps2, nor with the power off), once three have been seen (the journal keeps the last trips' ratios, so a box started again on the same lift knows it at once; a simulated run starts afresh). early_opening_braking_ratio then allows that many times it too (a slow lift whose door opens early at cruise speed, before it brakes, shows its landing braking in no run of its own), and emergency_landing_margin judges a lift learnt to land much harder than it starts by how it lands (else each of its landings reads as an emergency stop: no door fault after it, no landing placed without a door-zone sensor). 0: not learnt", count(0)),
    unintended_movement_m: quantity(0.05, "m", "a car with its door open that moves this far has moved unintendedly (relevelling moves are smaller)"),
    zone_exit_confirm_s: quantity(0.3, "s", "a car that leaves the door zone with its door open has moved unintendedly once it has stayed out this long: a door-zone contact flickering out and back is no movement (unverified)"),
    overtravel_margin_m: z
      .number()
      .positive()
      .optional()
      .meta({ unit: "m", description: "the car beyond the top or bottom landing by this much has overtravelled; at least lift.door_zone_half_m, and that by default (a car beyond the end landing's door zone)" }),
    overtravel_confidence_sigma: quantity(3, "1", "where the position is only estimated (no door-zone sensor): the car must be beyond that margin by this many standard deviations of the position's uncertainty too (an insured event is never raised on an estimate that may be a floor out)"),
    leveling_settle_s: quantity(0.2, "s", "after the acceleration goes quiet at a stop, the car is taken as still this much later (the tail of the braking ramp is below the quiet band)"),
    leveling_tolerance_mm: quantity(20, "mm", "a stop with the door opening this far from the landing is a leveling fault (leveling accuracy ±20 mm, unverified); at most the unlocking zone's 200 mm, beyond which nothing is judged", { max: 200 }),
    trip_leveling_wait_s: quantity(5, "s", "a trip that ends in a door zone is reported once its stop's leveling is measured (the car still and its door open, within a second or so of rest), which it then carries, or after this long without it (a lift parked with its doors shut); until then it is in memory only, so a crash loses it"),
    leveling_confidence_sigma: quantity(3, "1", "a leveling fault is raised only when the error exceeds the tolerance by this many standard deviations of its own measurement uncertainty"),
    vibration_rms_mps2: quantity(0.5, "m/s²", "ride vibration (above vibration_high_pass_hz) above this RMS while moving is abnormal: about 5 × the GB/T 10058 vertical limit (unverified); healthy rides read a few hundredths"),
    vibration_window_s: quantity(1, "s", "averaging time of the ride vibration RMS"),
    vibration_hold_s: quantity(2, "s", "the vibration must stay abnormal this long: a jolt or a hard stop is shorter"),
    vibration_high_pass_hz: quantity(1, "Hz", "vibration is what is left above this frequency; the motion profile itself lies below", positive),
    door_open_timeout_s: quantity(10, "s", "after a trip ends in the door zone with someone inside, the door not opening within this is a door fault"),
    crawl_out_confirm_s: quantity(1, "s", "a door-zone left at rest soon after a trip (see late_arrival_s) is that trip's crawl going on only if no start is seen within this: a departure leaves the zone before its start is always recognised"),
    late_arrival_s: quantity(10, "s", "a trip that ended outside every door zone, whose car enters one within this with no start seen, arrived there (a levelling crawl too slow to tell from drift ends the trip where it began): the door should open from then. Likewise a stop reckoned inside a zone while the door-zone sensor reads outside is a missed vane (a sensor fault) only once the sensor has read outside this long, or the car moves on"),
    door_reopen_count: quantity(5, "1", "this many reopenings in a row without a trip is a door that fails to close", count()),
    door_reopen_s: quantity(4, "s", "a door open again within this long of closing is a reopening"),
    event_cooldown_s: quantity(10, "s", "a free fall confirmed within this of the last one raised is the same fall (a jolt in it had ended the first) and is not raised again; the other detectors latch until their run ends or their condition clears"),
  })
  .prefault({});

/** Conditioning of each binary input: how long it must hold a new value, and what counts as chatter. */
const inputs = z
  .strictObject({
    door_settle_s: quantity(0.25, "s", "the door contact must hold a new value this long to count; short enough for door-open-while-moving within 0.5 s"),
    zone_settle_s: quantity(0, "s", "the door-zone sensor must hold a new value this long"),
    presence_settle_s: quantity(0, "s", "the presence sensor must hold a new value this long"),
    alarm_settle_s: quantity(0.3, "s", "an alarm press must hold this long: a passenger holds the button, a chattering wire never stays put that long"),
    mains_settle_s: quantity(0.5, "s", "the mains monitor must hold a new value this long (brown-outs shorter than this are ignored)"),
    inspection_settle_s: quantity(0.2, "s", "the inspection switch must hold a new value this long"),
    chatter_transitions: quantity(4, "1", "this many changes of one input within chatter_window_s is a chattering contact: a sensor fault", count(2)),
    zone_chatter_transitions: quantity(10, "1", "the door-zone sensor changes twice per landing passed, up to several times a second in a fast (or falling) car: its own chatter count", count(2)),
    chatter_window_s: quantity(1, "s", "window over which input changes are counted"),
    chatter_quiet_s: quantity(3, "s", "a chattering input that holds still this long has recovered"),
  })
  .prefault({});

/** Plausibility of the accelerometer's data: what marks a sample bad and a sensor faulty. */
const health = z
  .strictObject({
    max_specific_force_mps2: quantity(160, "m/s²", "a reading beyond this on any axis is out of range (16 g)", positive),
    bad_samples: quantity(5, "samples", "this many bad readings in a row (NaN, out of range, time going back) is a sensor fault", count(0)),
    zero_samples: quantity(5, "samples", "this many exact (0, 0, 0) readings in a row is a disconnected sensor, never a fall", count(0)),
    frozen_s: quantity(2, "s", "identical readings, bit for bit, for this long is a frozen sensor (a live sensor always shows noise)"),
    frozen_min_samples: quantity(20, "samples", "fewest identical readings that make a frozen sensor", count(0)),
    gap_s: quantity(1.5, "s", "no accelerometer reading for this long (and for 5 nominal intervals) is a gap in the data"),
    // Unverified: a lift car's PIR holds "occupied" for seconds to a minute after the last movement it saw, by its setting.
    presence_hold_s: quantity(
      20,
      "s",
      "the longest a working presence sensor reads occupied after the car empties: one that reads occupied without a break from before an entrapment, through the door opening after it, and this long into the car's next stop with the door shut, is stuck (a sensor fault, no longer used until it reads vacant); at or above detection.entrapment_at_floor_s that stop raises its false entrapment first",
      positive,
    ),
    // Unverified: a car's trips alternate between fetching someone (empty) and carrying them; a lift that parks at its lobby adds a third.
    presence_vacant_trips: quantity(
      10,
      "trips",
      "a presence sensor that reads vacant all through this many trips in a row (to other landings, or 1 m or more where none were placed; outside maintenance, none an emergency stop) is stuck vacant, or the car carries nobody: a sensor fault, and it is no longer used (entrapments are raised, suspected) until it reads occupied for 2 s",
      count(2),
    ),
  })
  .prefault({});

const mqtt = z
  .strictObject({
    broker: z.string().url().optional().meta({ description: "broker URL (mqtt://, mqtts://); absent: an embedded broker" }),
    topic_root: z.string().default("liftwatch/v1").meta({ description: "first topic levels before the device id" }),
    keepalive_s: quantity(30, "s", "MQTT keep-alive; platforms declare a box offline after about 180 s"),
    reconnect_s: quantity(2, "s", "wait between reconnection attempts", { min: 0.1 }),
    protocol_version: z.union([z.literal(4), z.literal(5)]).default(4).meta({ description: "MQTT protocol: 4 is 3.1.1 (every broker, aedes included), 5 is MQTT 5" }),
    ca_file: z.string().optional().meta({ description: "CA certificate (PEM) the broker's certificate must chain to (mqtts://)" }),
    cert_file: z.string().optional().meta({ description: "the box's TLS client certificate (PEM), from liftwatch provision" }),
    key_file: z.string().optional().meta({ description: "the box's TLS client key (PEM), from liftwatch provision" }),
    heartbeat_s: quantity(60, "s", "the retained status (with counters) is sent again this often (platforms take a box silent for about 180 s as offline; a box on a metered link may send less often)", { min: 1, max: 86_400 }),
    window: quantity(256, "events", "events sent and not yet acknowledged by the platform, at most (mqtt.js hangs beyond 65,535 in flight)", count()),
    platform_ack_timeout_s: quantity(30, "s", "an event the broker took but the platform has not acknowledged after this long is sent again", { min: 1 }),
  })
  .prefault({});

const journal = z
  .strictObject({
    file: z.string().default("liftwatch-journal.db").meta({ description: "SQLite journal: every event is written here before it is published (this and every other file named by a relative path: from the configuration's folder)" }),
    budget_mb: quantity(64, "MiB", "data the journal may hold: telemetry is shed first, insured events are never evicted", positive),
    page_cache_kib: z
      .number()
      .int()
      .min(64)
      .default(1024)
      .meta({ unit: "KiB", description: "memory SQLite may keep of the journal's pages: a bound on the box's memory (better-sqlite3's own default, 16 MB, fills as the journal grows over days)" }),
    checkpoint_every: quantity(100, "events", "a signed checkpoint of the event chain every this many events (and at a clean stop); 0: none counted by events (the timer's and the clean stop's still)", count(0)),
    evidence_key: z.string().optional().meta({ description: "the box's Ed25519 evidence key (PKCS#8 PEM, from liftwatch provision); absent: one is made beside the journal on first start" }),
    checkpoint_interval_s: quantity(3600, "s", "a signed checkpoint at least this often while the box runs", { min: 1 }),
    evidence_before_s: quantity(5, "s", "raw sensor samples kept with an insured event, before its onset"),
    evidence_after_s: quantity(3, "s", "and after its onset (recorded once they have passed when the event is raised sooner)"),
    evidence_history_s: quantity(70, "s", "raw samples the box remembers: longer than the longest detection delay plus evidence_before_s, so an entrapment's stop is still there"),
  })
  .prefault({});

const security = z
  .strictObject({
    operator_key: z
      .string()
      .optional()
      .meta({ description: "the operator's Ed25519 public key (SPKI PEM, operator-pub.pem from liftwatch provision) that remote commands must be signed with; absent: the box takes no remote commands" }),
  })
  .prefault({});

const calibration = z
  .strictObject({
    file: z
      .string()
      .optional()
      .meta({ description: "signed calibration record from liftwatch calibrate (JSON); its landings, door-zone half height and rated speed replace lift's, and it fills the settings below; absent: none" }),
    // What the calibration learnt that the firmware uses: filled from the record (which wins
    // over the file), shown in the effective configuration as the evidence the box runs on.
    gravity_chip: z
      .array(z.number().finite())
      .length(3)
      .optional()
      .meta({ unit: "1", description: "mount: unit vector [x, y, z] of the specific force at rest (up) in the accelerometer's frame; the gravity reference starts from it, warm at the first reading, if the first tenth of a second at rest agrees (else it is learnt afresh, as without it)" }),
    gravity_mps2: z.number().positive().optional().meta({ unit: "m/s²", description: "mount: magnitude of the specific force at rest, with gravity_chip the gravity reference's start" }),
    barometer_m_per_pa: z
      .number()
      .negative()
      .optional()
      .meta({ unit: "m/Pa", description: "learning run: height per pressure change over the landings (least squares); seeds the barometer's scale on a box without a door-zone sensor, so trips are placed from the first few on rather than after many (trips still refine it)" }),
    barometer_pressures_pa: z
      .array(z.number().positive())
      .optional()
      .meta({ unit: "Pa", description: "learning run: pressure at each landing that day, bottom first; weather moves them all by hundreds of Pa within hours, so they are never taken as where a landing is now: their mean only turns barometer_m_per_pa into a scale against the barometric formula" }),
    barometer_scale_uncertainty: quantity(0.03, "1", "how far off the calibrated barometer scale may be when used (one σ, a fraction): it follows the shaft's air temperature, about 0.35 % per K, which moves by several K between seasons", { min: 0, below: 1 }),
  })
  .prefault({});

/** The commissioning page the box serves on the local network for the field engineer (firmware/commissioning/). */
const commissioning = z
  .strictObject({
    enabled: flag(false, "serve the commissioning page while `run` or `start` runs"),
    // Every interface: the engineer's laptop or phone is on the box's local network, not on the box;
    // the page is off by default and guarded by the box's own token with slowed retries.
    listen: z.string().min(1).default("0.0.0.0").meta({ description: "address the page listens on: 0.0.0.0 every interface of the box's local network; 127.0.0.1 the box alone" }),
    port: z.number().int().min(0).max(65535).default(8080).meta({ unit: "TCP port", description: "port of the page; 0: any free one (the port taken is printed at start)" }),
    token_file: z
      .string()
      .optional()
      .meta({ description: "commissioning-token.json that liftwatch provision --device writes beside the keys (a hash of the token it prints once); absent: the one beside journal.evidence_key; none readable: the page does not start, there is no default password" }),
    session_h: z.number().positive().finite().default(8).meta({ unit: "h", description: "a login lasts this long" }),
  })
  .prefault({});

const simulation = z
  .strictObject({
    scenario: z.string().default("normal-hour").meta({ description: "built-in scenario name or scenario file path, for `run` on the simulated board (`start` takes --scenario)" }),
    // The whole simulated box runs at about 3,000 × on a 2-core machine: a faster clock only
    // lengthens each of the loop's steps, and a signal waits for the step (1e9: never).
    speed: quantity(1, "× real time", "how fast simulated time runs for `run` (`start` takes --speed), at most 10,000", { above: 0, max: 10_000 }),
    seed: z.number().int().optional().meta({ description: "random seed for traffic and sensor noise, for `run` and `start`; absent: the scenario's own" }),
  })
  .prefault({});

export const configSchema = z.strictObject({
  config_version: z.string().default("default").meta({ description: "version label carried in every event" }),
  board: z
    .string()
    .min(1)
    .default("simulated")
    .meta({ description: "the board `run` drives: a built-in one (pi-sensor-hat, pi-firmata-sideboard; simulated: the scenario's simulated box) or a board file (YAML or JSON, see hardware/README.md)" }),
  device,
  lift,
  sensors,
  sampling,
  motion,
  barometer,
  detection,
  inputs,
  health,
  ride_quality: rideQualitySettings,
  usage: usageSettings,
  mqtt,
  journal,
  security,
  calibration,
  commissioning,
  simulation,
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type MotionConfig = Config["motion"];
export type BarometerConfig = Config["barometer"];
export type DetectionConfig = Config["detection"];
export type LiftConfig = Config["lift"];
export type InputsConfig = Config["inputs"];
export type HealthConfig = Config["health"];

export function defaultConfig(overrides: ConfigInput = {}): Config {
  return configSchema.parse(overrides);
}

/**
 * detection.missed_vane_m where it is not set: 0.1 m, or 5 cm inside the door zone's edge where
 * that is less (the margin 0.1 m leaves a zone of 0.15 m). A fixed 0.1 m left a zone of 0.1 m no
 * margin at all (a car stopped 0.22 m short of its landing, reckoned 0.09 m off, was taken for a
 * missed vane), and a box given such a zone refused to start on a setting it was never given.
 * Half the zone would have cost zones of 0.15 m missed vanes the old default found (a review
 * helper's 98 runs: 16 refused before, 28 at half). At a zone of 0.1 m, 5 cm refuses more of them
 * (34 of 98, each then a stop outside the zone) than a margin of none did (17): a trade.
 */
export function missedVaneDefaultM(zoneHalfM: number): number {
  // Compared, not subtracted, at 0.15 m: 0.15 - 0.05 is a hair under 0.1 in binary.
  return zoneHalfM >= 0.15 ? 0.1 : Math.max(0, zoneHalfM - 0.05);
}
