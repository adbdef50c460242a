package dev.recount.examples.spring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.recount.AggregateNotFound;
import dev.recount.ConcurrencyError;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Maps the service's failures to HTTP statuses, each with a JSON body saying what went wrong. */
@RestControllerAdvice
public class ApiErrors {
  /** The body of every error response; {@code accountId} and {@code version} only for conflicts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApiError(String error, String message, UUID accountId, Long version) {
    static ApiError of(String error, String message) {
      return new ApiError(error, message, null, null);
    }
  }

  /** Another command was saved since the account was loaded: nothing of this one was stored. */
  @ExceptionHandler(ConcurrencyError.class)
  ResponseEntity<ApiError> conflict(ConcurrencyError e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(new ApiError(
            "conflict",
            "account " + e.aggregateId() + " was changed by another command (version " + e.version()
                + " is taken); nothing was stored: read it again and retry",
            e.aggregateId(),
            e.version()));
  }

  @ExceptionHandler(AggregateNotFound.class)
  ResponseEntity<ApiError> notFound(AggregateNotFound e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(ApiError.of("not_found", e.getMessage()));
  }

  @ExceptionHandler(InsufficientFunds.class)
  ResponseEntity<ApiError> insufficientFunds(InsufficientFunds e) {
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(ApiError.of("insufficient_funds", e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ApiError> invalid(IllegalArgumentException e) {
    return badRequest(e.getMessage());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    // Jackson's own message, without the location dump Spring appends.
    String why = e.getMostSpecificCause() instanceof JsonProcessingException json
        ? json.getOriginalMessage()
        : "it is missing or not JSON";
    return badRequest("the request body cannot be read: " + why);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiError> badPath(MethodArgumentTypeMismatchException e) {
    return badRequest("'" + e.getValue() + "' is not a valid " + e.getName());
  }

  private static ResponseEntity<ApiError> badRequest(String message) {
    return ResponseEntity.badRequest().body(ApiError.of("invalid", message));
  }
}
