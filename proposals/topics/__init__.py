"""提案参考选题 (issue 22 item 2): staff publish the year's suggested topics with links to their
sources; members browse them and start a draft from one; staff see which topics drew proposals
and which none. Services, selectors, the form and the views of the catalogue live here."""
