// qode-like process lifetime outside QApplication::exec(): a shown window keeps the process alive; closing
// the last primary window emits lastWindowClosed and, when quitOnLastWindowClosed, asks JS to quit.
#pragma once

namespace qtab {

/** Installs the application-wide event filter (idempotent; needs the QApplication to exist). */
void lifetimeInstall();

/** Whether the bridge owns the process lifetime (plain Node program) or a host such as a Jest sandbox does:
 *  only an owner keeps the process alive and quits when the last window closes. */
void lifetimeSetOwner(bool owner);

/** See lifetimeSetOwner. */
bool lifetimeOwner();

/** Removes the event filter (teardown). */
void lifetimeUninstall();

/** Handles a pending "window closed": emits lastWindowClosed when no primary window is left. Called when a
 *  closing window hides (synchronously inside close(), as Qt does) and after each dispatch. */
void lifetimeAfterDispatch();

/** Marks the application as running (a window was shown, or exec() was called): keeps the process alive. */
void lifetimeStart();

/** Whether a window was shown (or exec() called) since the bridge attached. */
bool lifetimeStarted();

/** Whether a primary top-level window is visible (what Qt's lastWindowClosed logic counts). */
bool lifetimeHasPrimaryWindow();

/** How many times the bridge emitted lastWindowClosed. */
int lifetimeLastWindowClosedCount();

}  // namespace qtab
