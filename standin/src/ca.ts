/**
 * A certificate authority made when the stand-in starts, and a certificate for each host it serves.
 * The providers under test trust it through `SSL_CERT_FILE` (Go reads that file on Linux, and then
 * no other roots), so they reach the stand-in and nothing else.
 */
import { generateKeyPairSync, randomBytes } from "crypto";
import * as forge from "node-forge";

export interface Certificate {
    certPem: string;
    keyPem: string;
}

function keyPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.PrivateKey; keyPem: string } {
    // Node's own RSA generation: node-forge's pure-JavaScript one takes seconds.
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey), keyPem: privateKey };
}

function serialNumber(): string {
    // Positive (leading bit clear), as RFC 5280 asks.
    const bytes = randomBytes(16);
    bytes[0] &= 0x7f;
    return bytes.toString("hex");
}

function validity(cert: forge.pki.Certificate): void {
    const now = Date.now();
    cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
    cert.validity.notAfter = new Date(now + 24 * 60 * 60 * 1000);
}

export class CertificateAuthority {
    private readonly key: forge.pki.PrivateKey;
    private readonly cert: forge.pki.Certificate;
    readonly certPem: string;

    constructor() {
        const keys = keyPair();
        const cert = forge.pki.createCertificate();
        cert.publicKey = keys.publicKey;
        cert.serialNumber = serialNumber();
        validity(cert);
        const subject = [{ name: "commonName", value: "upstash-guard stand-in test CA" }];
        cert.setSubject(subject);
        cert.setIssuer(subject);
        cert.setExtensions([
            { name: "basicConstraints", cA: true, critical: true },
            { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
            { name: "subjectKeyIdentifier" },
        ]);
        cert.sign(keys.privateKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
        this.key = keys.privateKey;
        this.cert = cert;
        this.certPem = forge.pki.certificateToPem(cert);
    }

    /** A server certificate for one host name, signed by this authority. */
    issue(host: string): Certificate {
        const keys = keyPair();
        const cert = forge.pki.createCertificate();
        cert.publicKey = keys.publicKey;
        cert.serialNumber = serialNumber();
        validity(cert);
        cert.setSubject([{ name: "commonName", value: host }]);
        cert.setIssuer(this.cert.subject.attributes);
        cert.setExtensions([
            { name: "basicConstraints", cA: false },
            { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
            { name: "extKeyUsage", serverAuth: true },
            { name: "subjectAltName", altNames: [{ type: 2, value: host }] },
            { name: "authorityKeyIdentifier", keyIdentifier: this.cert.generateSubjectKeyIdentifier().getBytes() },
        ]);
        cert.sign(this.key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
        return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
    }
}
