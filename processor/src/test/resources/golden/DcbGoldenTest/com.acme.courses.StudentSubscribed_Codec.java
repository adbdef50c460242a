package com.acme.courses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventCodec;
import dev.recount.internal.JsonValues;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.TagValues;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Writes {@link StudentSubscribed} events as JSON and reads them back.
 *
 * <p>Generated from {@link StudentSubscribed}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.StudentSubscribed"
)
@RecountGenerated
public final class StudentSubscribed_Codec implements EventCodec<StudentSubscribed> {
    /**
     * The only instance; the codec has no state.
     */
    public static final StudentSubscribed_Codec INSTANCE = new StudentSubscribed_Codec();

    /**
     * The topic stored with every {@code StudentSubscribed} event.
     */
    public static final String TOPIC = "com.acme.courses.StudentSubscribed";

    private StudentSubscribed_Codec() {
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public void write(StudentSubscribed event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName("student");
        writeStudentIdRecord(json, event.student());
        json.writeFieldName("course");
        writeCourseIdRecord(json, event.course());
        json.writeEndObject();
    }

    @Override
    public StudentSubscribed read(JsonParser json) throws IOException {
        JsonValues.expectStartObject(json, "event com.acme.courses.StudentSubscribed");
        json.nextToken();
        StudentId student = null;
        boolean hasStudent = false;
        CourseId course = null;
        boolean hasCourse = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "student":
                    student = readStudentIdRecord(json);
                    hasStudent = true;
                    break;
                case "course":
                    course = readCourseIdRecord(json);
                    hasCourse = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasStudent, "student", "event com.acme.courses.StudentSubscribed");
        JsonValues.require(hasCourse, "course", "event com.acme.courses.StudentSubscribed");
        return new StudentSubscribed(student, course);
    }

    @Override
    public Set<String> tags(StudentSubscribed event) {
        StudentId student = event.student();
        CourseId course = event.course();
        return Set.of(
                TagValues.tag("student", student == null ? null : student.value(),
                        "event " + TOPIC),
                TagValues.tag("course", course == null ? null : course.value(), "event " + TOPIC));
    }

    private static void writeStudentIdRecord(JsonGenerator json, StudentId value) throws
            IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("value");
        JsonValues.writeString(json, value.value());
        json.writeEndObject();
    }

    private static StudentId readStudentIdRecord(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonValues.expectStartObject(json, "record com.acme.courses.StudentId");
        json.nextToken();
        String value = null;
        boolean hasValue = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "value":
                    value = JsonValues.readString(json);
                    hasValue = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasValue, "value", "record com.acme.courses.StudentId");
        return new StudentId(value);
    }

    private static void writeCourseIdRecord(JsonGenerator json, CourseId value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("value");
        JsonValues.writeString(json, value.value());
        json.writeEndObject();
    }

    private static CourseId readCourseIdRecord(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonValues.expectStartObject(json, "record com.acme.courses.CourseId");
        json.nextToken();
        String value = null;
        boolean hasValue = false;
        for (; json.currentToken() == JsonToken.FIELD_NAME; json.nextToken()) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "value":
                    value = JsonValues.readString(json);
                    hasValue = true;
                    break;
                default:
                    // A field this shape does not have (written by another version): skipped.
                    json.skipChildren();
            }
        }
        JsonValues.require(hasValue, "value", "record com.acme.courses.CourseId");
        return new CourseId(value);
    }
}
