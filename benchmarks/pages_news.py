"""Pages of the news part the benchmark times after seed_demo (scale 1 and 10)."""


def _page(name, username, path):
    return {"name": name, "username": username, "path": path}


def pages():
    return [
        _page("news: member's notices", "member", "/news/notices/"),
        _page("news: member's news feed", "member", "/news/"),
        _page("news: public news page", None, "/news/"),
        _page("news: public news search", None, "/news/?q=%E5%A7%94%E5%91%98"),
        _page("news: staff notice list", "liaison_staff", "/news/manage/notices/"),
    ]
