/**
 * `qtasyncio/rx`. This entry point is part of the package layout; its API lands with its own issue.
 *
 * @packageDocumentation
 */
export {};
