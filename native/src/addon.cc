// qtasyncio_bridge: the N-API surface used by src/qt (see src/qt/bridge.ts for the TypeScript view).
#include <napi.h>
#include <uv.h>

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "glib_pump.h"
#include "js_host.h"
#include "lifetime.h"
#include "qode_abi.h"
#include "teardown.h"

namespace qtab {
namespace {

void runPump(bool dispatch) {
  jsHostRunInScope([dispatch](napi_env) {
    if (dispatch) pumpDispatch();
    lifetimeAfterDispatch();
  });
}

// setArgv(argv: string[]): qode::qode_argc/qode_argv for NodeGui's QApplication. Call before loading NodeGui.
Napi::Value SetArgv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsArray()) {
    throw Napi::TypeError::New(env, "setArgv(argv): expected an array of strings");
  }
  Napi::Array array = info[0].As<Napi::Array>();
  std::vector<std::string> args;
  for (uint32_t i = 0; i < array.Length(); ++i) args.push_back(array.Get(i).ToString().Utf8Value());
  setProcessArguments(args);
  return env.Undefined();
}

// attach(onQuit: () => void, ownsProcess: boolean): start driving Qt from libuv. Call after NodeGui created the
// QApplication. Without process ownership (Jest) the bridge never keeps the process alive nor quits it.
Napi::Value Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) {
    throw Napi::TypeError::New(env, "attach(onQuit, ownsProcess): expected a function");
  }
  bool owner = info.Length() < 2 || info[1].ToBoolean().Value();
  if (QCoreApplication::instance() == nullptr) {
    throw Napi::Error::New(env, "attach(onQuit, ownsProcess): no QApplication exists yet (load @nodegui/nodegui first)");
  }
  QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
  const char* kind = dispatcher == nullptr ? "none" : dispatcher->metaObject()->className();
  if (std::strstr(kind, "Glib") == nullptr) {
    // Only Qt's GLib dispatcher can be driven from libuv; the plain UNIX one (QT_NO_GLIB=1) cannot.
    throw Napi::Error::New(env, std::string("attach(onQuit, ownsProcess): Qt's event dispatcher is ") + kind +
                                    ", not GLib's; unset QT_NO_GLIB so that Qt uses the GLib main context");
  }
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
    throw Napi::Error::New(env, "attach(onQuit, ownsProcess): no libuv loop for this environment");
  }
  jsHostAttach(env, info[0]);
  lifetimeSetOwner(owner);
  lifetimeInstall();
  pumpStart(loop, runPump);
  teardownRegister(env);
  return env.Undefined();
}

// keepAlive(): what exec() means on plain Node: the application runs until quit.
Napi::Value KeepAlive(const Napi::CallbackInfo& info) {
  lifetimeStart();
  return info.Env().Undefined();
}

// release(): stop keeping the process alive (used right before the bridge ends the process).
Napi::Value Release(const Napi::CallbackInfo& info) {
  pumpKeepAlive(false);
  return info.Env().Undefined();
}

// getenv(name): the process environment as the C library (and so Qt) sees it. Inside a Jest sandbox
// `process.env` is a copy, so this can differ from it.
Napi::Value GetEnv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "getenv(name): expected a string");
  const char* value = std::getenv(info[0].As<Napi::String>().Utf8Value().c_str());
  return value == nullptr ? env.Undefined() : Napi::String::New(env, value);
}

// setenv(name, value): sets a variable in the real process environment (for Qt, before it initialises).
Napi::Value SetEnv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
    throw Napi::TypeError::New(env, "setenv(name, value): expected two strings");
  }
  setenv(info[0].As<Napi::String>().Utf8Value().c_str(), info[1].As<Napi::String>().Utf8Value().c_str(), 1);
  return env.Undefined();
}

// isMainProcess(value): whether `value` is the `process` object of Node's main context. False inside a vm
// sandbox such as a Jest test file, whose `process` is a copy: there the test runner owns the process.
Napi::Value IsMainProcess(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1) return Napi::Boolean::New(env, false);
  Napi::Value real = env.Global().Get("process");
  return Napi::Boolean::New(env, real.StrictEquals(info[0]));
}

Napi::Value State(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object state = Napi::Object::New(env);
  state.Set("ownsProcess", lifetimeOwner());
  state.Set("started", lifetimeStarted());
  state.Set("keepingAlive", pumpKeepingAlive());
  state.Set("hasPrimaryWindow", QCoreApplication::instance() != nullptr && lifetimeHasPrimaryWindow());
  state.Set("lastWindowClosedCount", lifetimeLastWindowClosedCount());
  state.Set("watchedFds", pumpWatchedFds());
  QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
  state.Set("dispatcher", dispatcher == nullptr ? "none" : dispatcher->metaObject()->className());
  state.Set("runLoopInjected", runLoopInjected());
  state.Set("teardownDone", teardownDone());
  return state;
}

}  // namespace
}  // namespace qtab

static Napi::Object InitBridge(Napi::Env env, Napi::Object exports) {
  using namespace qtab;
  exports.Set("setArgv", Napi::Function::New(env, SetArgv, "setArgv"));
  exports.Set("attach", Napi::Function::New(env, Attach, "attach"));
  exports.Set("keepAlive", Napi::Function::New(env, KeepAlive, "keepAlive"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  exports.Set("getenv", Napi::Function::New(env, GetEnv, "getenv"));
  exports.Set("setenv", Napi::Function::New(env, SetEnv, "setenv"));
  exports.Set("isMainProcess", Napi::Function::New(env, IsMainProcess, "isMainProcess"));
  exports.Set("state", Napi::Function::New(env, State, "state"));
  return exports;
}

NODE_API_MODULE(qtasyncio_bridge, InitBridge)
