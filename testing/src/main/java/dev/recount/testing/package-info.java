/**
 * Test support for Recount's own modules, not part of the library: the databases the tests run
 * against ({@link dev.recount.testing.DatabaseServer}, {@link dev.recount.testing.H2TcpServer}) and
 * child JVMs on the test class path ({@link dev.recount.testing.ChildJvm}). It depends on no
 * Recount module, so that the runtime's own tests can use it.
 */
package dev.recount.testing;
