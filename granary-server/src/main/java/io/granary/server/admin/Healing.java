package io.granary.server.admin;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.QueryString;
import io.granary.storage.ObjectStore;
import io.granary.storage.erasure.DriveStatus;
import io.granary.storage.erasure.ErasureObjectStore;
import io.granary.storage.erasure.HealReport;
import io.granary.storage.erasure.HealResult;
import io.granary.storage.erasure.Healer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin API's heal and drive-status operations, for stores that heal (the erasure-coded engine). */
final class Healing {
    private Healing() {}

    static Map<String, Object> heal(ObjectStore store, QueryString query) {
        if (!(store instanceof Healer healer)) {
            throw notErasureCoded();
        }
        String bucket = query.get("bucket");
        String key = query.get("key");
        Map<String, Object> out = new LinkedHashMap<>();
        if (bucket == null || bucket.isEmpty()) {
            report(out, healer.healAll());
        } else if (key == null || key.isEmpty()) {
            report(out, healer.healBucket(bucket));
        } else {
            HealResult r = healer.heal(bucket, key);
            out.put("bucket", r.bucket());
            out.put("key", r.key());
            out.put("state", r.state());
            out.put("drivesRepaired", r.drivesRepaired());
            out.put("detail", r.detail());
        }
        out.put("drives", drives(store).get("drives"));
        return out;
    }

    static Map<String, Object> drives(ObjectStore store) {
        if (!(store instanceof ErasureObjectStore erasure)) {
            throw notErasureCoded();
        }
        List<Object> drives = new ArrayList<>();
        for (DriveStatus d : erasure.driveStatus()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", d.path().toString());
            m.put("set", d.set());
            m.put("position", d.position());
            m.put("state", d.state());
            m.put("detail", d.detail());
            drives.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("drives", drives);
        return out;
    }

    private static void report(Map<String, Object> out, HealReport r) {
        out.put("objectsScanned", r.objectsScanned());
        out.put("healthy", r.healthy());
        out.put("healed", r.healed());
        out.put("cleaned", r.cleaned());
        out.put("failed", r.failed());
    }

    private static S3Exception notErasureCoded() {
        return new S3Exception(S3Error.NOT_IMPLEMENTED,
                "Healing needs an erasure-coded deployment (two or more data folders); this server has one.");
    }
}
