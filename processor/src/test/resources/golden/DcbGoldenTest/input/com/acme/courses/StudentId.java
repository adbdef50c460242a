package com.acme.courses;

public record StudentId(String value) {}
