/* The data as files: an uploaded CSV checked for size before it is sent, and the page's data
   written as CSV (the format datasets.write_csv writes and read_csv reads). */
(function () {
  "use strict";
  const validData = (data) => window.tinynetApp.validData(data);

  /* Refuse an oversized file here, before it is sent; the server checks everything else. */
  function check_upload(contents, filename, config) {
    const skip = window.dash_clientside.no_update;
    if (typeof contents !== "string") return [skip, skip];
    const encoded = contents.slice(contents.indexOf(",") + 1);
    const bytes = Math.floor((encoded.length * 3) / 4) - (encoded.slice(-2).match(/=/g) || []).length;
    const limit = config.csv_max_bytes;
    if (bytes > limit) {
      // As the server says it (datasets.csvfile.size_words): exact bytes, so 2 MiB + 1 is over.
      return [skip, (filename || "the file") + ": the file is " + bytes.toLocaleString("en") +
        " bytes; the limit is " + limit.toLocaleString("en") + " bytes (" + limit / 1048576 +
        " MiB): use fewer points. Nothing was changed."];
    }
    return [{ contents: contents, filename: filename }, "Reading " + (filename || "the file") + "…"];
  }


  /* The data on the page as CSV (the format datasets.write_csv writes and read_csv reads). */
  function download_csv(n, data) {
    if (!n || !validData(data)) return [window.dash_clientside.no_update];
    const rows = ["x1,x2,label"];
    for (let i = 0; i < data.y.length; i++) {
      rows.push(String(data.X[i][0]) + "," + String(data.X[i][1]) + "," + data.y[i]);
    }
    const name = String(data.name || "data").replace(/[^A-Za-z0-9_.-]+/g, "-");
    return [{ content: rows.join("\n") + "\n", filename: "tinynet-" + name + ".csv", type: "text/csv" }];
  }

  window.tinynetPage.register({
    check_upload: check_upload,
    download_csv: download_csv,
  });
})();
