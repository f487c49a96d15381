#!/usr/bin/env python3
"""The boto3 scenario against a running Granary server.

Usage: boto3_scenario.py --endpoint http://127.0.0.1:PORT --work-dir DIR
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (region us-east-1).

Prints one line per check: "ok - <name>", "FAIL - <name>: <detail>" or "skip - <name>: <why>",
then a summary line. Exits 1 if any check failed, 2 if the scenario could not run at all.
Every check runs even if an earlier one failed (each check uses its own keys where possible).
"""
import argparse
import base64
import hashlib
import os
import random
import sys
import time
import traceback
import urllib.error
import urllib.request
import zlib

try:
    import boto3
    import botocore
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError as e:  # pragma: no cover
    print("FAIL - import boto3: %s (run scripts/install-test-deps.sh)" % e)
    sys.exit(2)

MIB = 1024 * 1024
RESULTS = {"ok": 0, "FAIL": 0, "skip": 0}


class Skip(Exception):
    pass


def check(name):
    """Decorator: runs the function as one named check and prints its outcome."""

    def wrap(fn):
        def run(*args, **kwargs):
            try:
                fn(*args, **kwargs)
            except Skip as s:
                RESULTS["skip"] += 1
                print("skip - %s: %s" % (name, s), flush=True)
            except AssertionError as a:
                RESULTS["FAIL"] += 1
                print("FAIL - %s: %s" % (name, one_line(str(a) or traceback.format_exc())), flush=True)
            except ClientError as c:
                RESULTS["FAIL"] += 1
                print("FAIL - %s: unexpected S3 error %s" % (name, describe_client_error(c)), flush=True)
            except Exception as ex:  # noqa: BLE001 - every failure must be reported, not crash the run
                RESULTS["FAIL"] += 1
                print("FAIL - %s: %s: %s" % (name, type(ex).__name__, one_line(str(ex))), flush=True)
            else:
                RESULTS["ok"] += 1
                print("ok - %s" % name, flush=True)

        run.__name__ = fn.__name__
        return run

    return wrap


def one_line(text):
    return " | ".join(line.strip() for line in text.strip().splitlines() if line.strip())[:1500]


def describe_client_error(c):
    r = c.response
    meta = r.get("ResponseMetadata", {})
    err = r.get("Error", {})
    return "HTTP %s %s (%s) op=%s" % (meta.get("HTTPStatusCode"), err.get("Code"), err.get("Message"),
                                      c.operation_name)


def expect_error(fn, status, code=None):
    """Calls fn and asserts it raises a ClientError with that HTTP status (and S3 error code, if given)."""
    try:
        fn()
    except ClientError as c:
        got_status = c.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        got_code = c.response.get("Error", {}).get("Code")
        assert got_status == status and (code is None or got_code == code), \
            "expected HTTP %s %s, got %s" % (status, code or "", describe_client_error(c))
        return c
    raise AssertionError("expected HTTP %s %s, but the call succeeded" % (status, code or ""))


def short(v):
    if isinstance(v, (bytes, bytearray)) and len(v) > 48:
        return "<%d bytes sha256 %s...>" % (len(v), hashlib.sha256(v).hexdigest()[:16])
    return repr(v)


def eq(actual, expected, what):
    assert actual == expected, "%s: expected %s, actual %s" % (what, short(expected), short(actual))


def data(size, seed):
    rnd = random.Random(seed)
    return rnd.randbytes(size)


def etag_of(b):
    return '"%s"' % hashlib.md5(b).hexdigest()


def mpu_etag(parts):
    return '"%s-%d"' % (hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest(), len(parts))


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def http(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Scenario:
    def __init__(self, endpoint, work_dir):
        self.endpoint = endpoint
        self.work = work_dir
        os.makedirs(work_dir, exist_ok=True)
        cfg = Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                     retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=120)
        self.s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=cfg)
        cfg_req = Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                         retries={"max_attempts": 1, "mode": "standard"},
                         request_checksum_calculation="when_required",
                         response_checksum_validation="when_required")
        self.s3_when_required = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=cfg_req)
        suffix = "%d-%d" % (os.getpid(), int(time.time() * 1000) % 100000000)
        self.bucket = "boto3-main-" + suffix
        self.other = "boto3-other-" + suffix

    # ------------------------------------------------------------------ buckets
    @check("create_bucket + head_bucket + list_buckets")
    def create_buckets(self):
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.create_bucket(Bucket=self.other)
        eq(self.s3.head_bucket(Bucket=self.bucket)["ResponseMetadata"]["HTTPStatusCode"], 200, "HeadBucket")
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        assert self.bucket in names and self.other in names, "ListBuckets misses new buckets: %r" % names

    # ------------------------------------------------------------------ objects
    @check("put_object/get_object small with metadata")
    def small(self):
        body = b"hello from boto3\n" * 10
        r = self.s3.put_object(Bucket=self.bucket, Key="small.txt", Body=body, ContentType="text/plain",
                               Metadata={"origin": "boto3", "Mixed": "Case Value"})
        eq(r["ETag"], etag_of(body), "PutObject ETag")
        g = self.s3.get_object(Bucket=self.bucket, Key="small.txt")
        eq(g["Body"].read(), body, "GetObject body")
        eq(g["ContentType"], "text/plain", "Content-Type")
        eq(g["ContentLength"], len(body), "Content-Length")
        eq(g["Metadata"], {"origin": "boto3", "mixed": "Case Value"}, "user metadata")
        h = self.s3.head_object(Bucket=self.bucket, Key="small.txt")
        eq(h["ETag"], etag_of(body), "HeadObject ETag")

    @check("put_object with when_required checksums (plain body)")
    def small_when_required(self):
        body = data(70000, 3)
        self.s3_when_required.put_object(Bucket=self.bucket, Key="plain.bin", Body=body)
        eq(self.s3_when_required.get_object(Bucket=self.bucket, Key="plain.bin")["Body"].read(), body, "body")

    @check("put_object/get_object empty")
    def empty(self):
        r = self.s3.put_object(Bucket=self.bucket, Key="empty", Body=b"")
        eq(r["ETag"], '"d41d8cd98f00b204e9800998ecf8427e"', "ETag of empty object")
        g = self.s3.get_object(Bucket=self.bucket, Key="empty")
        eq(g["Body"].read(), b"", "body")
        eq(g["ContentLength"], 0, "Content-Length")

    @check("upload_file 20 MiB multipart (threshold 5 MiB) + download_file sha256")
    def big(self):
        content = data(20 * MIB, 20)
        src = os.path.join(self.work, "big.bin")
        with open(src, "wb") as f:
            f.write(content)
        tc = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
        self.s3.upload_file(src, self.bucket, "big/20mib.bin", Config=tc)
        h = self.s3.head_object(Bucket=self.bucket, Key="big/20mib.bin")
        eq(h["ContentLength"], len(content), "size")
        parts = [content[i:i + 5 * MIB] for i in range(0, len(content), 5 * MIB)]
        eq(h["ETag"], mpu_etag(parts), "multipart ETag")
        dst = os.path.join(self.work, "big.down")
        self.s3.download_file(self.bucket, "big/20mib.bin", dst, Config=tc)
        with open(dst, "rb") as f:
            eq(sha256(f.read()), sha256(content), "sha256 of download_file")
        # a single GetObject of the whole thing, validated by botocore if a checksum comes back
        eq(sha256(self.s3.get_object(Bucket=self.bucket, Key="big/20mib.bin")["Body"].read()), sha256(content),
           "sha256 of get_object")

    @check("multipart by hand: create/upload_part/list_parts/complete")
    def mpu_by_hand(self):
        p1, p2 = data(5 * MIB, 31), data(1234, 32)
        up = self.s3_when_required.create_multipart_upload(Bucket=self.bucket, Key="mpu/hand")
        uid = up["UploadId"]
        e1 = self.s3_when_required.upload_part(Bucket=self.bucket, Key="mpu/hand", UploadId=uid, PartNumber=1,
                                               Body=p1)["ETag"]
        e2 = self.s3_when_required.upload_part(Bucket=self.bucket, Key="mpu/hand", UploadId=uid, PartNumber=2,
                                               Body=p2)["ETag"]
        eq([e1, e2], [etag_of(p1), etag_of(p2)], "part ETags")
        lp = self.s3.list_parts(Bucket=self.bucket, Key="mpu/hand", UploadId=uid)
        eq([(p["PartNumber"], p["Size"]) for p in lp["Parts"]], [(1, len(p1)), (2, len(p2))], "ListParts")
        uploads = self.s3.list_multipart_uploads(Bucket=self.bucket).get("Uploads", [])
        assert any(u["UploadId"] == uid for u in uploads), "ListMultipartUploads misses %s: %r" % (uid, uploads)
        r = self.s3.complete_multipart_upload(Bucket=self.bucket, Key="mpu/hand", UploadId=uid, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
        eq(r["ETag"], mpu_etag([p1, p2]), "CompleteMultipartUpload ETag")
        eq(self.s3.get_object(Bucket=self.bucket, Key="mpu/hand")["Body"].read(), p1 + p2, "assembled body")
        part2 = self.s3.get_object(Bucket=self.bucket, Key="mpu/hand", PartNumber=2)
        eq(part2["Body"].read(), p2, "GetObject PartNumber=2")
        eq(part2.get("PartsCount"), 2, "PartsCount")

    @check("abort_multipart_upload then NoSuchUpload")
    def mpu_abort(self):
        uid = self.s3.create_multipart_upload(Bucket=self.bucket, Key="mpu/abort")["UploadId"]
        self.s3.abort_multipart_upload(Bucket=self.bucket, Key="mpu/abort", UploadId=uid)
        expect_error(lambda: self.s3.list_parts(Bucket=self.bucket, Key="mpu/abort", UploadId=uid), 404,
                     "NoSuchUpload")

    @check("get_object Range")
    def range_get(self):
        body = data(1000, 4)
        self.s3.put_object(Bucket=self.bucket, Key="range.bin", Body=body)
        g = self.s3.get_object(Bucket=self.bucket, Key="range.bin", Range="bytes=10-19")
        eq(g["Body"].read(), body[10:20], "range body")
        eq(g["ContentRange"], "bytes 10-19/1000", "Content-Range")
        eq(g["ResponseMetadata"]["HTTPStatusCode"], 206, "status")
        eq(self.s3.get_object(Bucket=self.bucket, Key="range.bin", Range="bytes=-7")["Body"].read(), body[-7:],
           "suffix range")
        expect_error(lambda: self.s3.get_object(Bucket=self.bucket, Key="range.bin", Range="bytes=5000-6000"),
                     416, "InvalidRange")

    @check("list_objects_v2 pagination (25 keys, MaxKeys 10) and delimiter")
    def listing(self):
        keys = ["list/top-%02d" % i for i in range(15)] + ["list/d1/k%d" % i for i in range(5)] + \
               ["list/d2/k%d" % i for i in range(5)]
        for k in keys:
            self.s3.put_object(Bucket=self.bucket, Key=k, Body=k.encode())
        pages = list(self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix="list/", PaginationConfig={"PageSize": 10}))
        eq([len(p.get("Contents", [])) for p in pages], [10, 10, 5], "page sizes")
        eq([p["IsTruncated"] for p in pages], [True, True, False], "IsTruncated per page")
        got = [o["Key"] for p in pages for o in p.get("Contents", [])]
        eq(got, sorted(keys), "all keys in order")
        d = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="list/", Delimiter="/")
        eq([p["Prefix"] for p in d.get("CommonPrefixes", [])], ["list/d1/", "list/d2/"], "CommonPrefixes")
        eq(len(d.get("Contents", [])), 15, "top-level keys with delimiter")
        v1 = list(self.s3.get_paginator("list_objects").paginate(Bucket=self.bucket, Prefix="list/",
                                                                  PaginationConfig={"PageSize": 7}))
        eq([o["Key"] for p in v1 for o in p.get("Contents", [])], sorted(keys), "ListObjects v1 pages")

    @check("awkward keys round-trip (space, +, =, *, %, unicode, //, leading /, ..)")
    def awkward_keys(self):
        keys = ["a b", "a+b", "a=b", "a*b", "100%", "%2F", "\u00e9\u65e5\U0001F600", "x//y", "/lead",
                "p/../q", "q/./r", "sp ace/+/%20"]
        for k in keys:
            self.s3.put_object(Bucket=self.other, Key=k, Body=k.encode("utf-8"))
        for k in keys:
            eq(self.s3.get_object(Bucket=self.other, Key=k)["Body"].read(), k.encode("utf-8"), "body of %r" % k)
        listed = [o["Key"] for p in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.other)
                  for o in p.get("Contents", [])]
        eq(sorted(listed, key=lambda s: s.encode("utf-8")), sorted(keys, key=lambda s: s.encode("utf-8")),
           "listed keys")
        self.s3.delete_objects(Bucket=self.other, Delete={"Objects": [{"Key": k} for k in keys]})
        eq(self.s3.list_objects_v2(Bucket=self.other).get("KeyCount"), 0, "KeyCount after delete_objects")

    @check("copy_object (same and other bucket, REPLACE metadata)")
    def copy(self):
        body = data(5000, 5)
        self.s3.put_object(Bucket=self.bucket, Key="copy/src", Body=body, Metadata={"a": "1"})
        r = self.s3.copy_object(Bucket=self.other, Key="copy/dst", CopySource={"Bucket": self.bucket,
                                                                               "Key": "copy/src"})
        eq(r["CopyObjectResult"]["ETag"], etag_of(body), "copy ETag")
        g = self.s3.get_object(Bucket=self.other, Key="copy/dst")
        eq(g["Body"].read(), body, "copied body")
        eq(g["Metadata"], {"a": "1"}, "copied metadata")
        self.s3.copy_object(Bucket=self.bucket, Key="copy/replaced", CopySource="%s/copy/src" % self.bucket,
                            MetadataDirective="REPLACE", Metadata={"b": "2"}, ContentType="text/x-new")
        h = self.s3.head_object(Bucket=self.bucket, Key="copy/replaced")
        eq(h["Metadata"], {"b": "2"}, "REPLACE metadata")
        eq(h["ContentType"], "text/x-new", "REPLACE content type")
        # managed copy (may use UploadPartCopy for large objects; small here)
        self.s3.copy({"Bucket": self.bucket, "Key": "copy/src"}, self.bucket, "copy/managed")
        eq(self.s3.get_object(Bucket=self.bucket, Key="copy/managed")["Body"].read(), body, "managed copy")

    @check("delete_object and delete_objects (quiet)")
    def delete(self):
        for k in ["del/a", "del/b", "del/c"]:
            self.s3.put_object(Bucket=self.bucket, Key=k, Body=b"x")
        r = self.s3.delete_object(Bucket=self.bucket, Key="del/a")
        eq(r["ResponseMetadata"]["HTTPStatusCode"], 204, "DeleteObject status")
        expect_error(lambda: self.s3.head_object(Bucket=self.bucket, Key="del/a"), 404)
        r = self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": [{"Key": "del/b"}, {"Key": "del/c"}],
                                                               "Quiet": True})
        eq(r.get("Deleted", []), [], "quiet DeleteObjects reports nothing")
        eq(r.get("Errors", []), [], "no errors")
        eq(self.s3.list_objects_v2(Bucket=self.bucket, Prefix="del/").get("KeyCount"), 0, "all deleted")

    @check("presigned GET (urllib)")
    def presigned_get(self):
        body = data(3333, 6)
        self.s3.put_object(Bucket=self.bucket, Key="presign/get me", Body=body)
        url = self.s3.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": "presign/get me"},
                                             ExpiresIn=600)
        status, headers, got = http("GET", url)
        eq(status, 200, "status of presigned GET %s (%r)" % (url, got[:300]))
        eq(got, body, "body")
        url2 = self.s3.generate_presigned_url("get_object", Params={
            "Bucket": self.bucket, "Key": "presign/get me", "ResponseContentType": "application/x-boto3",
            "ResponseContentDisposition": "attachment"}, ExpiresIn=600)
        status, headers, _ = http("GET", url2)
        eq(status, 200, "status with response-content-type")
        ctype = {k.lower(): v for k, v in headers.items()}.get("content-type")
        eq(ctype, "application/x-boto3", "overridden Content-Type")

    @check("presigned PUT (urllib)")
    def presigned_put(self):
        body = data(4444, 7)
        url = self.s3.generate_presigned_url("put_object", Params={"Bucket": self.bucket, "Key": "presign/put"},
                                             ExpiresIn=600)
        # urllib would otherwise send Content-Type: application/x-www-form-urlencoded
        status, headers, resp = http("PUT", url, body=body, headers={"Content-Type": "application/octet-stream"})
        eq(status, 200, "status of presigned PUT (%r)" % resp[:300])
        eq(self.s3.get_object(Bucket=self.bucket, Key="presign/put")["Body"].read(), body, "uploaded body")

    @check("checksums: ChecksumAlgorithm CRC32/SHA1/SHA256 (+CRC32C/CRC64NVME with awscrt)")
    def checksums(self):
        from botocore.compat import HAS_CRT
        body = data(100000, 8)
        expected = {
            "CRC32": base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode(),
            "SHA1": base64.b64encode(hashlib.sha1(body).digest()).decode(),
            "SHA256": base64.b64encode(hashlib.sha256(body).digest()).decode(),
        }
        algos = ["CRC32", "SHA1", "SHA256"] + (["CRC32C", "CRC64NVME"] if HAS_CRT else [])
        for algo in algos:
            key = "checksum/" + algo
            r = self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ChecksumAlgorithm=algo)
            field = "Checksum" + algo
            if algo in expected:
                eq(r.get(field), expected[algo], "PutObject %s" % field)
            g = self.s3.get_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
            eq(g["Body"].read(), body, "body (%s)" % algo)
            eq(g.get(field), r.get(field), "GetObject %s with ChecksumMode=ENABLED" % field)
        if not HAS_CRT:
            print("   (note: awscrt not installed: CRC32C and CRC64NVME not exercised by boto3)", flush=True)

    @check("wrong Content-MD5 -> 400 BadDigest")
    def bad_md5(self):
        expect_error(lambda: self.s3_when_required.put_object(
            Bucket=self.bucket, Key="md5/bad", Body=b"hello",
            ContentMD5=base64.b64encode(hashlib.md5(b"other").digest()).decode()), 400, "BadDigest")
        expect_error(lambda: self.s3.head_object(Bucket=self.bucket, Key="md5/bad"), 404)

    @check("conditional requests: If-None-Match * put, If-Match/If-None-Match get")
    def conditional(self):
        self.s3.put_object(Bucket=self.bucket, Key="cond", Body=b"one", IfNoneMatch="*")
        expect_error(lambda: self.s3.put_object(Bucket=self.bucket, Key="cond", Body=b"two", IfNoneMatch="*"), 412,
                     "PreconditionFailed")
        etag = self.s3.head_object(Bucket=self.bucket, Key="cond")["ETag"]
        expect_error(lambda: self.s3.get_object(Bucket=self.bucket, Key="cond", IfNoneMatch=etag), 304)
        expect_error(lambda: self.s3.get_object(Bucket=self.bucket, Key="cond", IfMatch='"abc"'), 412,
                     "PreconditionFailed")
        eq(self.s3.get_object(Bucket=self.bucket, Key="cond", IfMatch=etag)["Body"].read(), b"one", "If-Match ok")

    @check("error codes: NoSuchKey, NoSuchBucket, BucketNotEmpty")
    def errors(self):
        expect_error(lambda: self.s3.get_object(Bucket=self.bucket, Key="no/such/key"), 404, "NoSuchKey")
        expect_error(lambda: self.s3.get_object(Bucket="boto3-no-such-bucket-xyz", Key="k"), 404, "NoSuchBucket")
        expect_error(lambda: self.s3.list_objects_v2(Bucket="boto3-no-such-bucket-xyz"), 404, "NoSuchBucket")
        expect_error(lambda: self.s3.delete_bucket(Bucket=self.bucket), 409, "BucketNotEmpty")

    @check("list_object_versions on unversioned bucket")
    def versions(self):
        self.s3.put_object(Bucket=self.other, Key="ver/one", Body=b"1")
        r = self.s3.list_object_versions(Bucket=self.other, Prefix="ver/")
        eq([(v["Key"], v["VersionId"], v["IsLatest"]) for v in r.get("Versions", [])], [("ver/one", "null", True)],
           "versions")

    @check("cleanup: empty and delete both buckets")
    def cleanup(self):
        for bucket in (self.bucket, self.other):
            for u in self.s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
                self.s3.abort_multipart_upload(Bucket=bucket, Key=u["Key"], UploadId=u["UploadId"])
            for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                objs = [{"Key": o["Key"]} for o in page.get("Contents", [])]
                if objs:
                    r = self.s3.delete_objects(Bucket=bucket, Delete={"Objects": objs, "Quiet": True})
                    eq(r.get("Errors", []), [], "delete errors")
            self.s3.delete_bucket(Bucket=bucket)
            expect_error(lambda: self.s3.head_bucket(Bucket=bucket), 404)

    def run(self):
        print("# boto3 %s botocore %s python %s endpoint %s" % (boto3.__version__, botocore.__version__,
                                                                 sys.version.split()[0], self.endpoint), flush=True)
        self.create_buckets()
        for step in (self.small, self.small_when_required, self.empty, self.big, self.mpu_by_hand, self.mpu_abort,
                     self.range_get, self.listing, self.awkward_keys, self.copy, self.delete, self.presigned_get,
                     self.presigned_put, self.checksums, self.bad_md5, self.conditional, self.errors,
                     self.versions, self.cleanup):
            step()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--work-dir", required=True)
    args = ap.parse_args()
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        if not os.environ.get(var):
            print("FAIL - environment: %s is not set" % var)
            return 2
    Scenario(args.endpoint, args.work_dir).run()
    print("# summary: %d ok, %d failed, %d skipped" % (RESULTS["ok"], RESULTS["FAIL"], RESULTS["skip"]), flush=True)
    return 1 if RESULTS["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
