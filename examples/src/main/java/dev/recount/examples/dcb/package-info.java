/**
 * The examples of the Dynamic Consistency Boundary specification (dcb.events), with Recount's typed
 * queries and decision models: course subscriptions, unique usernames, gap-free invoice numbers.
 * See docs/DCB.md.
 */
package dev.recount.examples.dcb;
