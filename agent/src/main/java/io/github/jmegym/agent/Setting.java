package io.github.jmegym.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one declaration of a configuration record's field besides its type and name: its documentation, its default
 * and (for integers) its allowed range. {@link ConfigRecords} reads it reflectively, so the field documentation
 * written into {@code config.json}, the defaults and the range checks of JSON reading and construction all come from
 * here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
    /** One sentence on what the field does and which values it takes. */
    String doc();

    /** The default as a JSON value ({@code 0.99}, {@code "TANH"}, {@code [64, 64]}, {@code null}); empty when none. */
    String def() default "";

    /** Smallest allowed value of an integer field. */
    long min() default Long.MIN_VALUE;

    /** Largest allowed value of an integer field. */
    long max() default Long.MAX_VALUE;
}
