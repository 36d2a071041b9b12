"""The bundled sample portfolio behind `kamctl --demo` and `kamctl db demo`."""
