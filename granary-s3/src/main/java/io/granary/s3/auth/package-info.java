/**
 * Request authentication: AWS Signature Version 4 in the Authorization header and in presigned URLs, the legacy
 * Signature Version 2 ({@code Authorization: AWS key:signature} and {@code ?AWSAccessKeyId=&Expires=&Signature=}
 * query strings), and verification of the payload as it streams (hex x-amz-content-sha256, aws-chunked with signed or
 * unsigned chunks and trailing headers).
 *
 * <p>Entry point: {@link io.granary.s3.auth.SigV4Authenticator#authenticate}, which returns an
 * {@link io.granary.s3.auth.AuthenticatedRequest}. Framing and signature primitives live in
 * {@code io.granary.s3.auth.internal} ({@code SigV4}, {@code SigV2}, {@code AwsChunkedDecoder}, {@code ChunkSigner}).
 */
package io.granary.s3.auth;
