/**
 * What the process that runs the providers needs to reach the stand-in: the proxy for HTTPS, the
 * stand-in's CA as its only trust root, and loopback kept off the proxy (the engine speaks gRPC to
 * its plugins there, and the Node.js gRPC library would otherwise send that through the proxy too).
 */
export function providerEnvironment(proxyUrl: string, caFile: string): Record<string, string> {
    const local = "127.0.0.1,localhost,::1";
    return {
        HTTPS_PROXY: proxyUrl,
        https_proxy: proxyUrl,
        HTTP_PROXY: proxyUrl,
        http_proxy: proxyUrl,
        NO_PROXY: local,
        no_proxy: local,
        SSL_CERT_FILE: caFile,
    };
}
