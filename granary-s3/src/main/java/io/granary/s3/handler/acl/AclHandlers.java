package io.granary.s3.handler.acl;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.S3Settings;
import io.granary.s3.handler.support.OwnerXml;
import io.granary.s3.handler.support.XmlBodies;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlElement;
import io.granary.s3.xml.XmlRequestParser;
import io.granary.s3.xml.XmlWriter;

import java.util.Map;

/**
 * Get/PutBucketAcl and Get/PutObjectAcl for a server whose every bucket and object is private to its one owner:
 * the Get operations answer the owner with FULL_CONTROL (what S3 answers for a private resource, and what backup
 * and sync tools check before they start), the Put operations accept the private ACL and refuse any other with
 * NotImplemented rather than pretend to grant access Granary would not enforce.
 */
public final class AclHandlers {
    private AclHandlers() {}

    public static void register(Map<Operation, Handler> table) {
        table.put(Operation.GET_BUCKET_ACL, ctx -> {
            requireBucket(ctx);
            return S3Response.xml(200, policy(ctx.settings()));
        });
        table.put(Operation.GET_OBJECT_ACL, ctx -> {
            checkVersion(ctx);
            ctx.store().headObject(ctx.bucket(), ctx.key());
            return S3Response.xml(200, policy(ctx.settings()));
        });
        table.put(Operation.PUT_BUCKET_ACL, ctx -> {
            requireBucket(ctx);
            acceptPrivateOnly(ctx);
            return S3Response.ok();
        });
        table.put(Operation.PUT_OBJECT_ACL, ctx -> {
            checkVersion(ctx);
            ctx.store().headObject(ctx.bucket(), ctx.key());
            acceptPrivateOnly(ctx);
            return S3Response.ok();
        });
    }

    static byte[] policy(S3Settings settings) {
        XmlWriter xml = new XmlWriter().root("AccessControlPolicy");
        OwnerXml.write(xml, "Owner", settings);
        xml.start("AccessControlList").start("Grant")
                .startWithAttributes("Grantee", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
                        "xsi:type", "CanonicalUser")
                .element("ID", settings.ownerId())
                .element("DisplayName", settings.ownerName())
                .end()
                .element("Permission", "FULL_CONTROL");
        return xml.toBytes();
    }

    /** A canned private ACL, or a policy document that grants nothing but the owner's FULL_CONTROL. */
    private static void acceptPrivateOnly(RequestContext ctx) {
        String canned = ctx.header("x-amz-acl");
        boolean grants = ctx.headers().entries().stream().anyMatch(e -> e.getKey().startsWith("x-amz-grant-"));
        byte[] body = XmlBodies.read(ctx, 64 * 1024);
        boolean privateBody = body.length == 0 || isOwnerOnly(XmlRequestParser.parse(body, 64 * 1024, 1000),
                ctx.settings().ownerId());
        if (grants || (canned != null && !canned.equals("private")) || !privateBody) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "Granary keeps every bucket and object private to its owner; only the private ACL is accepted.");
        }
    }

    /** Every grant names the owner's canonical id (no group URI, no e-mail) with FULL_CONTROL. */
    static boolean isOwnerOnly(XmlElement policy, String ownerId) {
        if (!policy.name().equals("AccessControlPolicy")) throw new S3Exception(S3Error.MALFORMED_XML);
        XmlElement list = policy.child("AccessControlList");
        if (list == null) return true;
        for (XmlElement grant : list.children("Grant")) {
            XmlElement grantee = grant.child("Grantee");
            String id = grantee == null ? null : grantee.childText("ID");
            String permission = grant.childText("Permission");
            if (id == null || !id.trim().equals(ownerId) || grantee.child("URI") != null
                    || grantee.child("EmailAddress") != null
                    || permission == null || !permission.trim().equals("FULL_CONTROL")) {
                return false;
            }
        }
        return true;
    }

    private static void requireBucket(RequestContext ctx) {
        if (ctx.store().bucket(ctx.bucket()).isEmpty()) throw new S3Exception(S3Error.NO_SUCH_BUCKET);
    }

    private static void checkVersion(RequestContext ctx) {
        String v = ctx.param("versionId");
        if (v != null && !v.equals("null")) throw new S3Exception(S3Error.NO_SUCH_VERSION).with("VersionId", v);
    }
}
