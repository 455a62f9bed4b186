"""The JSON API for a phone app (django-ninja): device tokens and the routes over the parts'
services and selectors. Nothing imports it but the URL configuration."""
