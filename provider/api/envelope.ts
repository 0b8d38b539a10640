/** The envelope every Tencent Chat response carries (§1.4), as the transport and the response schemas read it. */
import { z } from "zod";

/** Every response carries these (§1.4); ErrorInfo is sometimes absent on success. */
export const envelopeSchema = z.object({
    // Informational only: a wrong type is dropped rather than failing the call.
    ActionStatus: z.string().optional().catch(undefined),
    ErrorCode: z.number().int(),
    ErrorInfo: z.string().optional().catch(undefined),
});
/** The envelope of a response, after the checks of {@link envelopeSchema}. */
export type Envelope = z.infer<typeof envelopeSchema>;
