/**
 * Run as its own process by firmata.test.ts: opens the simulated side board, a digital
 * input and the accelerometer, reads, closes everything, then lets the event loop empty.
 * The process must exit by itself (no timer or port left open) with no unhandled rejection.
 * A board that times out is part of the run too, since its abandoned handshake must not
 * keep the process alive either.
 */
import { SystemClock } from "../../hal/clock.ts";
import { FirmataAccelerometer } from "../../hal/firmata/firmata-accelerometer.ts";
import { FirmataBoard } from "../../hal/firmata/firmata-board.ts";
import { FirmataDigitalPin } from "../../hal/firmata/firmata-digital-pin.ts";
import { Adxl345Emulator } from "../../simulator/chips/adxl345.ts";
import { SimulatedFirmataBoard } from "../../simulator/firmata/simulated-firmata-board.ts";

process.on("unhandledRejection", (reason) => {
  console.error("unhandled rejection:", reason);
  process.exit(2);
});

const clock = new SystemClock();
const simulated = new SimulatedFirmataBoard({ path: `/dev/ttyLIFECYCLE-${process.pid}` });
simulated.attachI2c(0x53, new Adxl345Emulator({ clock, acceleration: () => ({ x: 0, y: 0, z: 9.81 }) }));
const board = await FirmataBoard.open({ path: simulated.path, binding: simulated.binding, timeoutMs: 5_000 });
const pin = await FirmataDigitalPin.open({ board, pin: 2, pull: "up", clock });
const accelerometer = await FirmataAccelerometer.open({ board, clock, samplingIntervalMs: 5 });
await new Promise((resolve) => setTimeout(resolve, 100));
const samples = accelerometer.sample();
accelerometer.close();
pin.close();
await board.close();
simulated.close();

const silent = new SimulatedFirmataBoard({ path: `/dev/ttySILENT-${process.pid}`, silent: true });
const timedOut = await FirmataBoard.open({ path: silent.path, binding: silent.binding, timeoutMs: 200, reportVersionTimeoutMs: 50 }).catch((error: Error) => error.message);

console.log(JSON.stringify({ samples: samples.length, pin: "closed", timedOut }));
