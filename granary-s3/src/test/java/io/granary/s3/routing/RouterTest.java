package io.granary.s3.routing;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.Router;
import io.granary.s3.handler.Target;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {

    @ParameterizedTest(name = "{0} {1} ?{2} [{3}] -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "GET    | SERVICE | ''                         | NULL               | LIST_BUCKETS",
            "GET    | BUCKET  | ''                         | NULL               | LIST_OBJECTS",
            "GET    | BUCKET  | list-type=2&prefix=a       | NULL               | LIST_OBJECTS_V2",
            "GET    | BUCKET  | location                   | NULL               | GET_BUCKET_LOCATION",
            "GET    | BUCKET  | versions&prefix=x          | NULL               | LIST_OBJECT_VERSIONS",
            "GET    | BUCKET  | uploads                    | NULL               | LIST_MULTIPART_UPLOADS",
            "POST   | BUCKET  | delete                     | NULL               | DELETE_OBJECTS",
            "PUT    | OBJECT  | ''                         | NULL               | PUT_OBJECT",
            "PUT    | OBJECT  | ''                         | x-amz-copy-source  | COPY_OBJECT",
            "PUT    | OBJECT  | partNumber=1&uploadId=u    | NULL               | UPLOAD_PART",
            "PUT    | OBJECT  | partNumber=1&uploadId=u    | x-amz-copy-source  | UPLOAD_PART_COPY",
            "POST   | OBJECT  | uploads                    | NULL               | CREATE_MULTIPART_UPLOAD",
            "POST   | OBJECT  | uploadId=u                 | NULL               | COMPLETE_MULTIPART_UPLOAD",
            "DELETE | OBJECT  | uploadId=u                 | NULL               | ABORT_MULTIPART_UPLOAD",
            "GET    | OBJECT  | uploadId=u                 | NULL               | LIST_PARTS",
            "GET    | OBJECT  | partNumber=2&versionId=null | NULL              | GET_OBJECT",
            "GET    | OBJECT  | response-content-type=a%2Fb | NULL              | GET_OBJECT",
            "HEAD   | OBJECT  | ''                         | NULL               | HEAD_OBJECT",
            "DELETE | OBJECT  | versionId=null             | NULL               | DELETE_OBJECT",
            "GET    | OBJECT  | tagging                    | NULL               | GET_OBJECT_TAGGING",
            "GET    | BUCKET  | acl                        | NULL               | GET_BUCKET_ACL",
            "PUT    | OBJECT  | acl                        | NULL               | PUT_OBJECT_ACL",
            "PUT    | OBJECT  | tagging                    | NULL               | PUT_OBJECT_TAGGING",
            "DELETE | OBJECT  | tagging&versionId=null     | NULL               | DELETE_OBJECT_TAGGING",
    })
    void routesEveryKnownOperation(String method, Target target, String query, String header, Operation expected) {
        Headers headers = new Headers();
        if (header != null) headers.add(header, "/b/k");
        assertThat(Router.resolve(method, target, QueryString.parse(query), headers)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} ?{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "GET    | BUCKET  | cors         | NOT_IMPLEMENTED",
            "PUT    | BUCKET  | policy       | NOT_IMPLEMENTED",
            "GET    | BUCKET  | tagging      | NOT_IMPLEMENTED",
            "PUT    | OBJECT  | retention    | NOT_IMPLEMENTED",
            "POST   | OBJECT  | select&select-type=2 | NOT_IMPLEMENTED",
            "PUT    | SERVICE | ''           | NOT_IMPLEMENTED",
            "PATCH  | OBJECT  | ''           | METHOD_NOT_ALLOWED",
            "POST   | OBJECT  | ''           | NOT_IMPLEMENTED",
    })
    void unknownRequestsNeverFallThrough(String method, Target target, String query, S3Error expected) {
        assertThatThrownBy(() -> Router.resolve(method, target, QueryString.parse(query), new Headers()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(expected));
    }
}
