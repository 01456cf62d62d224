// Unit tests that touch Qt run it offscreen unless the caller chose a platform (E2E tests start their own
// X server and pass DISPLAY to the programs they run).
process.env.QT_QPA_PLATFORM ??= 'offscreen';
