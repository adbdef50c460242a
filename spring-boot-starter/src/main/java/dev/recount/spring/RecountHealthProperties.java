package dev.recount.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code recount.health.*} properties: what the actuator's {@code recount} health reports. */
@ConfigurationProperties("recount.health")
public class RecountHealthProperties {
  /**
   * The most events a follower of a runner may be behind any of its upstream logs before the health
   * is {@code OUT_OF_SERVICE}; -1 never.
   */
  private long maxFollowerLag = 1000;

  public long getMaxFollowerLag() {
    return maxFollowerLag;
  }

  public void setMaxFollowerLag(long maxFollowerLag) {
    if (maxFollowerLag < -1) {
      throw new IllegalArgumentException(
          "recount.health.max-follower-lag must be -1 (never) or 0 or more, not " + maxFollowerLag);
    }
    this.maxFollowerLag = maxFollowerLag;
  }
}
