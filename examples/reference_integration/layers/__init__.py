"""The integration's layers, one mixin each, in the order the guide builds them."""
