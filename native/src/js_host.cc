#include "js_host.h"

namespace qtab {
namespace {

struct JsHost {
  napi_env env = nullptr;
  napi_ref resource = nullptr;
  napi_async_context async = nullptr;
  napi_ref onQuit = nullptr;
  bool shutdown = false;
};

JsHost* host = new JsHost();  // leaked on purpose (no static destructor after the env is gone)

void raisePending(napi_env env) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_value error;
    if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
  }
}

}  // namespace

void jsHostAttach(napi_env env, napi_value onQuit) {
  napi_value resource;
  napi_create_object(env, &resource);
  napi_value name;
  napi_create_string_utf8(env, "qtasyncio:qt", NAPI_AUTO_LENGTH, &name);
  napi_async_context async = nullptr;
  napi_async_init(env, resource, name, &async);
  // Earlier envs' references are left alone: Node frees them with their env.
  host->env = env;
  napi_create_reference(env, resource, 1, &host->resource);
  host->async = async;
  host->onQuit = nullptr;
  if (onQuit != nullptr) napi_create_reference(env, onQuit, 1, &host->onQuit);
}

bool jsHostUsable() { return host->env != nullptr && !host->shutdown; }

void jsHostShutdown() { host->shutdown = true; }

void jsHostRunInScope(const std::function<void(napi_env)>& body) {
  if (!jsHostUsable()) return;
  napi_env env = host->env;
  napi_handle_scope handles;
  if (napi_open_handle_scope(env, &handles) != napi_ok) return;
  napi_value resource;
  napi_get_reference_value(env, host->resource, &resource);
  napi_callback_scope scope;
  if (napi_open_callback_scope(env, resource, host->async, &scope) == napi_ok) {
    body(env);
    raisePending(env);
    napi_close_callback_scope(env, scope);  // runs nextTicks and microtasks queued by the listeners
  }
  napi_close_handle_scope(env, handles);
}

void jsHostRequestQuit() {
  if (!jsHostUsable() || host->onQuit == nullptr) return;
  napi_env env = host->env;
  napi_handle_scope handles;
  if (napi_open_handle_scope(env, &handles) != napi_ok) return;
  napi_value fn;
  napi_value global;
  napi_value result;
  if (napi_get_reference_value(env, host->onQuit, &fn) == napi_ok && fn != nullptr) {
    napi_get_global(env, &global);
    napi_call_function(env, global, fn, 0, nullptr, &result);
    raisePending(env);
  }
  napi_close_handle_scope(env, handles);
}

}  // namespace qtab
