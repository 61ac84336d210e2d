export const id = 661;
export const ids = [661];
export const modules = {

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6058);
/* harmony import */ var _docker_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(656);
/* harmony import */ var _docker_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9655);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _registry_session_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3759);
/* harmony import */ var _run_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(880);
/* harmony import */ var _dispatch_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2983);







/**
 * The post step runs whatever happened to the main step (failure, cancellation): no container
 * left holding a GPU, no dispatched run left going, no credentials left on the runner.
 */
async function post() {
    const env = process.env;
    const mode = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState('mode');
    const dockerConfig = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_registry_session_js__WEBPACK_IMPORTED_MODULE_4__/* .STATE_DOCKER_CONFIG */ .ir);
    try {
        if (mode === 'run') {
            const removed = await (0,_run_index_js__WEBPACK_IMPORTED_MODULE_5__/* .cleanupRunContainers */ .K_)({
                exec: _run_index_js__WEBPACK_IMPORTED_MODULE_5__/* .spawnExec */ .bd,
                log: _actions_core__WEBPACK_IMPORTED_MODULE_0__,
                saveState: _actions_core__WEBPACK_IMPORTED_MODULE_0__.saveState,
                env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
            });
            if (removed.length > 0)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`Removed containers left running: ${removed.join(', ')}`);
        }
        const dispatched = _actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_dispatch_index_js__WEBPACK_IMPORTED_MODULE_6__/* .DISPATCH_STATE */ .Re);
        if (mode === 'dispatch' && dispatched) {
            await (0,_dispatch_index_js__WEBPACK_IMPORTED_MODULE_6__/* .cancelDispatchedRun */ .WE)(dispatched, {
                fetch,
                sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
                log: _actions_core__WEBPACK_IMPORTED_MODULE_0__,
                env,
                token: _actions_core__WEBPACK_IMPORTED_MODULE_0__.getInput('github-token'),
            });
        }
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.warning(`Cleanup: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)}`);
    }
    finally {
        if (dockerConfig) {
            const registries = JSON.parse(_actions_core__WEBPACK_IMPORTED_MODULE_0__.getState(_registry_session_js__WEBPACK_IMPORTED_MODULE_4__/* .STATE_REGISTRIES */ .u2) || '[]');
            for (const registry of registries) {
                await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .dockerLogout */ .tX)(_docker_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .runCommand */ .d, dockerConfig, registry, env).catch(() => undefined);
            }
            await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .removeDockerConfig */ .nS)(dockerConfig);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__.info('Registry credentials removed from this runner.');
        }
    }
}


/***/ })

};
