/**
 * Request authentication: AWS Signature Version 4 in the Authorization header and in presigned URLs, the legacy
 * Signature Version 2 ({@code Authorization: AWS key:signature} and {@code ?AWSAccessKeyId=&Expires=&Signature=}
 * query strings), and verification of the payload as it streams (hex x-amz-content-sha256, aws-chunked with signed or
 * unsigned chunks and trailing headers).
 *
 * <p>Entry point: {@link io.granary.s3.auth.SigV4Authenticator#authenticate}, which returns an
 * {@link io.granary.s3.auth.AuthenticatedRequest}. It only picks the mechanism; the engine lives in
 * {@code io.granary.s3.auth.internal}: the verifiers ({@code SigV4HeaderVerifier}, {@code SigV4PresignedVerifier},
 * {@code SigV2Verifier}) and what they share ({@code AuthorizationHeader}, {@code CredentialScope},
 * {@code CanonicalRequestVerifier}, {@code SigningKeys}, {@code RequestTimes}, {@code AuthErrors}), payload stream
 * selection ({@code PayloadStreams}, {@code VerifiedRequest}), and the framing and signature primitives
 * ({@code SigV4}, {@code SigV2}, {@code AwsChunkedDecoder}, {@code ChunkSigner}).
 */
package io.granary.s3.auth;
