/**
 * Tencent's documented limit is per API: 200 calls in any second (§1.6). A sliding one-second
 * window per command reproduces bursts at a window edge, which a fixed window would let through.
 * Only accepted calls occupy the window, so a client that backs off recovers after a second.
 */
export class SlidingWindowLimiter {
    private readonly windows = new Map<string, number[]>();

    constructor(
        private readonly limitPerSecond: number,
        private readonly clockMs: () => number = () => performance.now(),
        /** Commands with their own documented limit (account_check: 100/s). Ignored while limiting is off. */
        private readonly limitFor: Readonly<Record<string, number>> = {},
    ) {}

    /** Records the call and returns true when it is within the limit; 0 disables limiting. */
    tryAcquire(key: string): boolean {
        if (this.limitPerSecond <= 0) return true;
        const now = this.clockMs();
        let window = this.windows.get(key);
        if (!window) {
            window = [];
            this.windows.set(key, window);
        }
        // Timestamps are pushed in order, so expired ones are always at the front.
        let expired = 0;
        while (expired < window.length && (window[expired] as number) <= now - 1000) expired++;
        if (expired > 0) window.splice(0, expired);
        if (window.length >= Math.min(this.limitPerSecond, this.limitFor[key] ?? Number.POSITIVE_INFINITY)) return false;
        window.push(now);
        return true;
    }
}
