// The commissioning page: plain JavaScript, no build step. Everything it shows comes from
// the box's JSON routes and one Server-Sent Events stream (/api/live).
"use strict";

const $ = (id) => document.getElementById(id);
let stream;

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = response.headers.get("Content-Type")?.startsWith("application/json") ? await response.json() : undefined;
  return { status: response.status, data, retryAfter: response.headers.get("Retry-After") };
}

function showLogin() {
  stream?.close();
  $("app").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  $("token").focus();
}

async function open() {
  const { status, data } = await call("GET", "/api/state");
  if (status === 401) return showLogin();
  $("login").hidden = true;
  $("app").hidden = false;
  $("logout").hidden = false;
  showLive(data);
  showStatus(data.status);
  for (const envelope of data.events) addEvent(envelope);
  if (data.trip) showTrip(data.trip);
  showCalibration(data.calibration);
  listen();
}

function listen() {
  stream?.close();
  stream = new EventSource("/api/live");
  const on = (name, show) => stream.addEventListener(name, (message) => show(JSON.parse(message.data)));
  on("live", showLive);
  on("status", showStatus);
  on("event", addEvent);
  on("trip", showTrip);
  on("calibration", showCalibration);
  // The stream ends when the login expires: ask again. Otherwise the browser reconnects.
  stream.onerror = async () => {
    const { status } = await call("GET", "/api/state");
    if (status === 401) showLogin();
  };
}

const fixed = (value, digits) => (typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "–");

function showLive({ lift, sensors }) {
  const arrow = lift.direction === "up" ? " ▲" : lift.direction === "down" ? " ▼" : "";
  $("lift-motion").textContent = lift.motion + (lift.motion === "moving" ? arrow : "");
  $("lift-landing").textContent = lift.landing === null ? "between landings" : String(lift.landing);
  $("lift-position").textContent = lift.position_m === null ? "unknown" : `${fixed(lift.position_m, 2)} m`;
  $("lift-speed").textContent = lift.speed_mps === null ? "unknown" : `${fixed(lift.speed_mps, 2)} m/s`;
  for (const key of ["door", "zone", "occupancy", "mode", "power"]) $(`lift-${key}`).textContent = lift[key];
  if (sensors.acceleration) for (const axis of ["x", "y", "z"]) $(`acc-${axis}`).textContent = fixed(sensors.acceleration[axis], 3);
  $("pressure").textContent = fixed(sensors.pressure, 1);
  $("sensor-time").textContent = fixed(sensors.t, 2);
  const list = $("inputs");
  list.replaceChildren(
    ...Object.entries(sensors.inputs).map(([name, value]) => {
      const item = document.createElement("li");
      item.dataset.input = name;
      item.className = value ? "on" : "off";
      item.textContent = `${name}: ${value ? "on" : "off"}`;
      return item;
    }),
  );
}

function showStatus(status) {
  if (!status) return;
  $("device").textContent = `${status.device_id}, boot ${status.boot}`;
  const rows = Object.entries(status.counters ?? {}).flatMap(([name, value]) => {
    const term = document.createElement("dt");
    term.textContent = name.replace(/_m$/, " (m)").replaceAll("_", " ");
    const definition = document.createElement("dd");
    definition.dataset.counter = name;
    definition.textContent = typeof value === "number" ? String(Math.round(value * 100) / 100) : JSON.stringify(value);
    return [term, definition];
  });
  $("counters").replaceChildren(...rows);
  const health = Object.entries(status.sensors ?? {});
  $("health").replaceChildren(
    ...(health.length === 0 ? [["sensors", "all ok"]] : health.map(([sensor, state]) => [sensor, String(state)])).map(([sensor, text]) => {
      const item = document.createElement("li");
      item.textContent = `${sensor}: ${text}`;
      return item;
    }),
  );
}

function addEvent(envelope) {
  const item = document.createElement("li");
  item.className = envelope.insured ? "insured" : "";
  const at = envelope.raised?.wall ?? "";
  item.textContent = `${envelope.insured ? "INSURED " : ""}${envelope.type} (seq ${envelope.seq}) ${at}`;
  const list = $("events");
  list.prepend(item);
  while (list.children.length > 20) list.lastElementChild.remove();
  $("no-events").hidden = true;
}

const metricNames = {
  max_acceleration_mps2: "max acceleration",
  a95_acceleration_mps2: "A95 acceleration",
  max_deceleration_mps2: "max deceleration",
  a95_deceleration_mps2: "A95 deceleration",
  max_jerk_mps3: "max jerk",
  vertical_vibration_peak_to_peak_mps2: "vertical vibration peak-to-peak",
  vertical_vibration_a95_mps2: "vertical vibration A95",
  horizontal_vibration_peak_to_peak_mps2: "horizontal vibration peak-to-peak",
  horizontal_vibration_a95_mps2: "horizontal vibration A95",
};
const unitOf = (key) => (key.endsWith("_mps3") ? "m/s³" : key.endsWith("_mps2") ? "m/s²" : key.endsWith("_mps") ? "m/s" : key.endsWith("_m") ? "m" : "");

async function showTrip(trip) {
  const landings = trip.from_landing === undefined && trip.to_landing === undefined ? "" : `, landings ${trip.from_landing ?? "?"} → ${trip.to_landing ?? "?"}`;
  $("trip-title").textContent = `trip ${trip.number}: ${trip.direction}${landings}, ${fixed(trip.distance_m, 2)} m, peak ${fixed(trip.max_speed_mps, 2)} m/s`;
  const rows = [
    ["distance", trip.distance_m, "m"],
    ["peak speed", trip.max_speed_mps, "m/s"],
    ...Object.entries(metricNames).map(([key, name]) => [name, trip.ride_quality?.[key], unitOf(key)]),
  ].map(([name, value, unit]) => {
    const row = document.createElement("tr");
    for (const text of [name, fixed(value, 3), unit]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  $("trip-metrics").replaceChildren(...rows);
  const response = await fetch("/api/trip/last.svg", { credentials: "same-origin" });
  // The SVG is the box's own rendering (Vega), not anything a user typed.
  if (response.ok) $("trip-plot").innerHTML = await response.text();
}

let calibrationFormFilled = false;

function showCalibration(state) {
  $("cal-unavailable").hidden = state.available;
  const view = state.view;
  const running = view?.status === "running";
  $("cal-start-form").hidden = !state.available || running;
  if (!calibrationFormFilled) {
    $("cal-landings").value = String(state.default_landings);
    calibrationFormFilled = true;
  }
  $("cal-session").hidden = !view;
  if (view) {
    $("cal-step").textContent = view.step.replaceAll("_", " ");
    $("cal-status").textContent = view.status === "running" ? "" : `(${view.status})`;
    $("cal-progress").value = view.progress;
    $("cal-prompt").textContent = view.prompt?.text ?? "";
    $("cal-prompt").dataset.prompt = view.prompt?.id ?? "";
    $("cal-actions").replaceChildren(
      ...(view.prompt?.actions ?? []).map((action) => {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.action = action.id;
        button.textContent = action.label;
        button.addEventListener("click", () => calibrationCall("/api/calibration/act", { action: action.id }));
        return button;
      }),
    );
    $("cal-steps").replaceChildren(
      ...view.steps.map((step) => {
        const item = document.createElement("li");
        item.dataset.step = step.name;
        item.textContent = `${step.name.replaceAll("_", " ")}: ${step.result}, ${step.detail}`;
        return item;
      }),
    );
    $("cal-error").textContent = view.error ?? "";
    $("cal-cancel").hidden = !running;
    $("cal-save").hidden = view.status !== "done" || state.saved !== undefined;
  }
  $("cal-saved").hidden = !state.saved;
  if (state.saved) {
    $("cal-saved-file").textContent = state.saved.file;
    $("cal-saved-landings").textContent = state.saved.landings_m.map((height) => height.toFixed(2)).join(", ");
  }
}

async function calibrationCall(path, body = {}) {
  const { status, data } = await call("POST", path, body);
  $("cal-problem").textContent = status === 200 ? "" : data?.error ?? `the box answered ${status}`;
  if (status === 401) return showLogin();
  if (status === 200) showCalibration(data);
}

document.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const { status, data, retryAfter } = await call("POST", "/api/login", { token: $("token").value });
    $("token").value = "";
    if (status === 200) return open();
    $("login-error").textContent = status === 429 ? `too many wrong tries: wait ${retryAfter} s` : data?.error ?? `the box answered ${status}`;
  });
  $("logout").addEventListener("click", async () => {
    await call("POST", "/api/logout", {});
    showLogin();
  });
  $("cal-start-form").addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    calibrationCall("/api/calibration/start", { landings: Number($("cal-landings").value) });
  });
  $("cal-cancel").addEventListener("click", () => calibrationCall("/api/calibration/cancel"));
  $("cal-save").addEventListener("click", () => calibrationCall("/api/calibration/save"));
  open();
});
