/**
 * Fake Upstash credentials in the observed formats, generated from a seed so that tests are
 * repeatable. They open nothing; tests still treat them as secrets and prove no message echoes them.
 */
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** mulberry32: tiny, seedable, good enough for test data. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function pick(rand: () => number, alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) {
        out += alphabet[Math.floor(rand() * alphabet.length)];
    }
    return out;
}

export interface FakeDatabaseCredentials {
    restToken: string;
    readOnlyRestToken: string;
    password: string;
    vectorToken: string;
    vectorReadOnlyToken: string;
    qstashToken: string;
    signingKey: string;
    managementKey: string;
}

export function fakeCredentials(seed: number): FakeDatabaseCredentials {
    const rand = prng(seed * 7919);
    const user = `${pick(rand, "0123456789abcdef", 8)}-${pick(rand, "0123456789abcdef", 4)}-4${pick(rand, "0123456789abcdef", 3)}-a${pick(rand, "0123456789abcdef", 3)}-${pick(rand, "0123456789abcdef", 12)}`;
    return {
        // First decoded byte 0x01 (read-write) and 0x02 (read-only), as observed.
        restToken: `AX${pick(rand, "ABCDEFGHIJKLMNOP", 1)}${pick(rand, URL_SAFE, 59)}`,
        readOnlyRestToken: `Ag${pick(rand, "ABCDEFGHIJKLMNOP", 1)}${pick(rand, URL_SAFE, 59)}`,
        password: pick(rand, ALNUM, 32),
        vectorToken: `ABU${pick(rand, STANDARD, 40)}+${pick(rand, STANDARD, 40)}/${pick(rand, STANDARD, 26)}=`,
        vectorReadOnlyToken: `ABg${pick(rand, STANDARD, 40)}/${pick(rand, STANDARD, 40)}+${pick(rand, STANDARD, 26)}=`,
        qstashToken: Buffer.from(JSON.stringify({ UserID: user, Password: pick(rand, "0123456789abcdef", 32) })).toString("base64"),
        signingKey: `sig_${pick(rand, ALNUM, 28)}`,
        managementKey: pick(rand, "0123456789abcdef", 8) + "-" + pick(rand, "0123456789abcdef", 4) + "-" + pick(rand, "0123456789abcdef", 4) + "-" + pick(rand, "0123456789abcdef", 4) + "-" + pick(rand, "0123456789abcdef", 12),
    };
}

/** Every 8-character run of every secret: a message containing any of them leaks part of a credential. */
export function leakedFragments(text: string, secrets: readonly string[], run = 8): string[] {
    const leaks: string[] = [];
    for (const s of secrets) {
        for (let i = 0; i + run <= s.length; i++) {
            if (text.includes(s.slice(i, i + run))) {
                leaks.push(`${s.length}-char secret, offset ${i}`);
                break;
            }
        }
    }
    return leaks;
}
