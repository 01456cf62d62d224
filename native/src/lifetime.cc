#include "lifetime.h"

#include <QApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QObject>
#include <QWidget>
#include <QWindow>

#include "glib_pump.h"
#include "js_host.h"

namespace qtab {
namespace {

bool isTopLevelWindow(QObject* obj) {
  if (obj->isWindowType()) return static_cast<QWindow*>(obj)->isTopLevel();
  if (obj->isWidgetType()) return static_cast<QWidget*>(obj)->isWindow();
  return false;
}

class LifetimeFilter;

struct State {
  LifetimeFilter* filter = nullptr;
  bool started = false;
  bool owner = true;
  bool closeSeen = false;
  int lastWindowClosedCount = 0;
};
State* state = new State();  // leaked on purpose

// Watches every event of the application (filter installed on qApp): Show and Close of top-level windows.
// It never consumes an event.
class LifetimeFilter : public QObject {
 public:
  bool eventFilter(QObject* obj, QEvent* event) override {
    switch (event->type()) {
      case QEvent::Show:
        if (isTopLevelWindow(obj)) lifetimeStart();
        break;
      case QEvent::Close:
        if (isTopLevelWindow(obj)) {
          // The close may still be ignored: decided when the window hides (below), like Qt does inside
          // close(), or else at the end of this loop iteration.
          state->closeSeen = true;
          pumpWake();
        }
        break;
      case QEvent::Hide:
        if (state->closeSeen && isTopLevelWindow(obj)) lifetimeAfterDispatch();
        break;
      default:
        break;
    }
    return false;
  }
};

}  // namespace

void lifetimeInstall() {
  QCoreApplication* app = QCoreApplication::instance();
  if (app == nullptr || state->filter != nullptr) return;
  state->filter = new LifetimeFilter();
  app->installEventFilter(state->filter);
}

void lifetimeUninstall() {
  QCoreApplication* app = QCoreApplication::instance();
  if (state->filter == nullptr) return;
  if (app != nullptr) app->removeEventFilter(state->filter);
  delete state->filter;
  state->filter = nullptr;
}

void lifetimeSetOwner(bool owner) {
  state->owner = owner;
  if (!owner) pumpKeepAlive(false);
}

bool lifetimeOwner() { return state->owner; }

void lifetimeStart() {
  state->started = true;
  if (state->owner) pumpKeepAlive(true);
}

bool lifetimeStarted() { return state->started; }

bool lifetimeHasPrimaryWindow() {
  // Mirrors QWindowPrivate::participatesInLastWindowClosed: visible top-level, not a tool tip, no transient
  // parent, and for widget windows the Qt::WA_QuitOnClose attribute.
  const QWidgetList widgets = QApplication::topLevelWidgets();
  for (QWindow* window : QGuiApplication::topLevelWindows()) {
    if (!window->isVisible() || window->type() == Qt::ToolTip || window->transientParent() != nullptr) continue;
    bool quitOnClose = true;
    for (QWidget* widget : widgets) {
      if (widget->windowHandle() == window) {
        quitOnClose = widget->testAttribute(Qt::WA_QuitOnClose);
        break;
      }
    }
    if (quitOnClose) return true;
  }
  return false;
}

int lifetimeLastWindowClosedCount() { return state->lastWindowClosedCount; }

void lifetimeAfterDispatch() {
  if (!state->closeSeen) return;
  state->closeSeen = false;
  if (!state->started || lifetimeHasPrimaryWindow()) return;
  auto* app = qobject_cast<QGuiApplication*>(QCoreApplication::instance());
  if (app == nullptr) return;
  ++state->lastWindowClosedCount;
  // Qt emits this only from inside exec(); listeners (NodeGui's 'lastWindowClosed') get it from here.
  Q_EMIT app->lastWindowClosed();
  if (state->owner && QGuiApplication::quitOnLastWindowClosed()) jsHostRequestQuit();
}

}  // namespace qtab
