/**
 * Every test must check something: a test that runs no assertion passes whatever the code does
 * (the issue-21 audit found three). Assertions in helpers count; `expect.assertions(n)` in a test
 * still narrows this.
 */
import { beforeEach, expect } from "vitest";

beforeEach(() => {
    expect.hasAssertions();
});
