/**
 * Spring Boot auto-configuration for Recount: see
 * {@link dev.recount.spring.RecountAutoConfiguration}.
 */
package dev.recount.spring;
