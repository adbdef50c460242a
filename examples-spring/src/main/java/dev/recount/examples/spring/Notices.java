package dev.recount.examples.spring;

import dev.recount.Application;
import dev.recount.process.ProcessApplication;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A follower of the service's own notification log, in a thread of its own: it sends a welcome
 * {@link Notice} for each account opened. Its events carry the metadata of what caused them (the
 * account's {@code Opened} notification, in the request's correlation and trace), so a trace shows
 * the HTTP request, the events it stored and this follower's processing of them.
 */
@Component
public class Notices implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

  private final ProcessApplication process;
  private ScheduledExecutorService thread;

  public Notices(Application application) {
    this.process = ProcessApplication.builder("notices", application)
        .follow("bank", application.log(), Set.of(AccountTopics.OPENED))
        .policy((notification, unit) -> {
          if (notification.event() instanceof Account.Opened opened) {
            unit.save(Notice.send(notification.originatorId(), "Welcome, " + opened.owner() + "!"));
          }
        })
        .build();
  }

  /**
   * Waits until the follower has processed the service's log up to {@code position}.
   *
   * @return whether it had within {@code timeout}
   */
  public boolean awaitProcessed(long position, Duration timeout) throws InterruptedException {
    return process.awaitProcessed("bank", position, timeout);
  }

  @Override
  public synchronized void start() {
    thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "notices"));
    thread.scheduleWithFixedDelay(this::pull, 0, 50, TimeUnit.MILLISECONDS);
  }

  private void pull() {
    try {
      process.pull();
    } catch (RuntimeException e) {
      LOG.warn("notices: processing failed; trying again", e);
    }
  }

  @Override
  public synchronized void stop() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return thread != null;
  }
}
