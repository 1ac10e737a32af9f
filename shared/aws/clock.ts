/**
 * The clock: the one module that reads the system time. Functions take `now` from here at cold
 * start and pass it down (`deps.now()`); domain code never reads a clock.
 *
 * In AWS this is the real time. On the local cloud (`npm start -- --clock ...`, `PUT
 * /_local/clock`) the Lambda runtime stand-in installs a function on
 * `globalThis[Symbol.for('motcua.clock')]` before it loads the bundle (infra/local/lambda-runtime.mjs)
 * and this module asks it instead. Why a hook and not environment variables: a worker's
 * environment is fixed when it starts, so an instant passed as MOTCUA_CLOCK_AT could not be
 * moved while the cloud runs (tests move it between two requests); the hook reads a
 * SharedArrayBuffer that every worker and the runner share (infra/local/clock.ts), so one
 * write moves the time everywhere at once. The bundle stays the one that runs in AWS: there the
 * symbol is never set and the lookup costs a property read.
 */
const hook = Symbol.for('motcua.clock');

/** The current instant: simulated on the local cloud when its clock is set, else the real time. */
export function now(): Date {
  const simulated = (globalThis as { [hook]?: () => number })[hook];
  return new Date(typeof simulated === 'function' ? simulated() : Date.now());
}
