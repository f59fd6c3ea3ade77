// Starts Swagger UI on the Arena OpenAPI document (served by Arena, no CDN).
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.specUrl, dom_id: "#swagger-ui", deepLinking: true });
});
