/** The resource classes' own URN, computed without a dependency on the parent. */
import * as pulumi from "@pulumi/pulumi";

/**
 * A resource's own URN as a plain value, for the internal `__urn` input. Passing `createUrn`'s
 * Output directly would make the resource depend on its parent, and depending on a component waits
 * for all of its children — this resource included — so a channel inside OfficialChannelSet would
 * never register.
 */
export function ownUrn(name: string, type: string, parent: pulumi.Resource | undefined): pulumi.Output<string> {
    const urn = pulumi.createUrn(name, type, parent);
    return pulumi.output(new Promise<string>((resolve) => urn.apply(resolve)));
}
