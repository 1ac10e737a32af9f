export interface ClockState {
  simulated: boolean;
  /** Simulated epoch ms at `origin`. */
  at: number;
  /** Real epoch ms at which the simulated time was `at`. */
  origin: number;
  /** Simulated ms per real ms. */
  speed: number;
}
export function createClockState(): SharedArrayBuffer;
export function writeClockState(buffer: SharedArrayBuffer, state: ClockState): void;
export function readClockState(buffer: SharedArrayBuffer): ClockState;
export function clockNow(buffer: SharedArrayBuffer, realNow?: number): number;
