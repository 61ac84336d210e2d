export const id = 162;
export const ids = [162];
export const modules = {

/***/ 4162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ post_run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/dispatch/index.ts + 3 modules
var dispatch = __webpack_require__(9805);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
// EXTERNAL MODULE: ./src/platform/state.ts
var state = __webpack_require__(4062);
// EXTERNAL MODULE: ./src/registry/docker-config.ts
var docker_config = __webpack_require__(26);
// EXTERNAL MODULE: ./src/builder/execute.ts
var execute = __webpack_require__(8620);
// EXTERNAL MODULE: ./src/run/index.ts + 5 modules
var run = __webpack_require__(7155);
// EXTERNAL MODULE: ./src/kubernetes/index.ts + 1 modules
var kubernetes = __webpack_require__(4706);
;// CONCATENATED MODULE: ./src/launch/cleanup.ts







/**
 * The post step runs whatever happened to the main step (failure, cancellation): no container
 * left holding a GPU, no dispatched run left going, no credentials left on the runner.
 */
async function cleanup(deps) {
    const { env, getState, log } = deps;
    const mode = getState(state/* STATE */.c4.mode);
    const dockerConfig = getState(state/* STATE */.c4.dockerConfig);
    try {
        if (mode === 'run') {
            const removed = await (0,run/* cleanupRunContainers */.K_)({
                exec: deps.exec,
                log,
                saveState: () => undefined,
                env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
            });
            if (removed.length > 0)
                log.info(`Removed containers left running: ${removed.join(', ')}`);
        }
        const kubernetesJob = getState(state/* STATE */.c4.kubernetesJob);
        if (mode === 'kubernetes' && kubernetesJob && deps.kubernetes) {
            await (0,kubernetes/* cleanupOnKubernetes */.it)(deps.kubernetes, {
                log,
                env,
                workspace: deps.workspace ?? process.cwd(),
                setSecret: deps.setSecret ?? (() => undefined),
                state: kubernetesJob,
            });
        }
        const dispatched = getState(state/* STATE */.c4.dispatchRun);
        if (mode === 'dispatch' && dispatched) {
            await (0,dispatch/* cancelDispatchedRun */.Dh)(dispatched, {
                fetch: deps.fetch,
                sleep: deps.sleep,
                log,
                env,
                token: deps.githubToken,
            });
        }
    }
    catch (error) {
        log.warning(`Cleanup: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    finally {
        // A build killed before its own cleanup leaves its secret files behind.
        const buildFiles = getState(state/* STATE */.c4.buildFiles);
        if (buildFiles)
            await (0,execute/* removeBuildFiles */.OL)({ dir: buildFiles });
        // The logins live only in this directory: removing it is the logout.
        if (dockerConfig) {
            await (0,docker_config/* removeDockerConfig */.nS)(dockerConfig);
            log.info('Registry credentials removed from this runner.');
        }
    }
}

// EXTERNAL MODULE: ./src/platform/exec.ts
var exec = __webpack_require__(6886);
// EXTERNAL MODULE: ./src/platform/runtime.ts
var runtime = __webpack_require__(6387);
// EXTERNAL MODULE: ./src/inputs/reader.ts
var reader = __webpack_require__(9066);
;// CONCATENATED MODULE: ./src/action/post.ts






/** The action's post step: the pipeline's cleanup, fed from the state the main step saved. */
async function post_run() {
    await cleanup({
        getState: (key) => core.getState(key),
        env: process.env,
        exec: exec/* runProgram */.m,
        fetch: (input, init) => fetch(input, init),
        sleep: runtime/* sleep */.y,
        log: core,
        githubToken: core.getInput('github-token'),
        ...kubernetesAccess(),
        workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
        setSecret: (secret) => core.setSecret(secret),
    });
}
/** The cluster access inputs again; a value the main step already refused leaves nothing to delete. */
function kubernetesAccess() {
    try {
        return { kubernetes: (0,kubernetes/* readClusterAccessInputs */.KD)(new reader/* InputReader */.i_((0,reader/* envInputSource */.lQ)(process.env))) };
    }
    catch {
        return {};
    }
}


/***/ })

};
