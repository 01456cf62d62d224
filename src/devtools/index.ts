/**
 * `qtasyncio/devtools`: the live task monitor window (NodeGui) and the loop-health meter behind it.
 *
 * @packageDocumentation
 */
export { type LoopHealth, LoopHealthMeter } from './loopHealth';
export { openTaskMonitor, type TaskMonitor, type TaskMonitorOptions } from './taskMonitor';
