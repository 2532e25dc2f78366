export const id = 605;
export const ids = [605];
export const modules = {

/***/ 6605:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dispatcherFetch: () => (/* binding */ dispatcherFetch),
/* harmony export */   proxyAgentFetch: () => (/* binding */ proxyAgentFetch)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _direct_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9976);


/** Kept-alive connections; the HTTP layer's per-request signal is the one timeout, whatever its length. */
const POOL = { keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 };
/** Requests through proxies, over kept-alive connections: one agent per proxy. */
function proxyAgentFetch() {
    const agents = new Map();
    const agentFor = (proxy) => {
        let agent = agents.get(proxy);
        // plain-HTTP registries are sent to the proxy as ordinary requests (as curl and docker do),
        // so it can log and filter them; HTTPS still tunnels through CONNECT
        if (!agent)
            agents.set(proxy, (agent = new undici__WEBPACK_IMPORTED_MODULE_0__/* .ProxyAgent */ .kT({ uri: proxy, ...POOL, proxyTunnel: false })));
        return agent;
    };
    return (proxy, url, init) => dispatcherFetch(agentFor(proxy))(url, init);
}
/** Statuses whose answers have no body (a `Response` refuses one). */
const NO_BODY = new Set([204, 205, 304]);
/**
 * One request through undici's dispatcher API, answered as a `Response`. Not `fetch`: fetch is
 * the browsers' API and refuses the ports browsers block (6000, 6666, 10080, …), where a registry
 * may well listen. No redirect is followed here; the HTTP layer follows them itself.
 */
function dispatcherFetch(dispatcher) {
    return async (input, init) => {
        const url = new URL(input);
        const answer = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(url, {
            method: (init.method ?? 'GET'),
            headers: init.headers,
            body: init.body,
            signal: init.signal ?? undefined,
            dispatcher
        });
        const headers = new Headers();
        for (const [name, value] of Object.entries(answer.headers)) {
            for (const one of [value ?? []].flat())
                headers.append(name, one);
        }
        const status = answer.statusCode;
        if (status < 200 || status > 599) {
            await answer.body.dump();
            throw new Error(`answered with HTTP status ${status}, which is not a final answer`);
        }
        if (NO_BODY.has(status)) {
            await answer.body.dump();
            return new Response(null, { status, headers });
        }
        return new Response((0,_direct_js__WEBPACK_IMPORTED_MODULE_1__/* .webStream */ .p)(answer.body), { status, headers });
    };
}


/***/ })

};
