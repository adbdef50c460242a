package dev.recount.spring.shop;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A step of a checkout that joins its transaction and can fail, marking it rollback-only. */
@Service
public class Payments {
  /** Refuses the payment: the transaction it joined can then only roll back. */
  @Transactional
  public void refuse(String order) {
    throw new IllegalArgumentException("card declined for " + order);
  }
}
