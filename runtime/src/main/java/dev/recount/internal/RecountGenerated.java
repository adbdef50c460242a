package dev.recount.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type written by {@code recount-processor}. Class-retained (unlike the JDK's
 * {@code @Generated}), so coverage and bytecode tools can recognise generated classes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RecountGenerated {}
