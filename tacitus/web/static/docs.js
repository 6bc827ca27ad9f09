// Swagger UI over this app's OpenAPI description; validatorUrl null: it never calls out.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
                               validatorUrl: null, deepLinking: true});
});
