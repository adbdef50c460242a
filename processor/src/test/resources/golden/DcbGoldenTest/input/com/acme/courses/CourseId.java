package com.acme.courses;

public record CourseId(String value) {}
