/**
 * The page's only script, served from /live.js: every few seconds it asks /stamp whether the
 * ledger's latest reports changed, and if so fetches the same page and swaps its content in, so an
 * open page follows the reports without a reload (and keeps working after a network hiccup).
 */
export const POLL_MS = 3000

export const LIVE_JS = `(function(){
var stamp=document.body.getAttribute('data-stamp');
function swap(html){var d=new DOMParser().parseFromString(html,'text/html');var m=d.getElementById('main');if(!m)return;
document.getElementById('main').innerHTML=m.innerHTML;var a=d.getElementById('as-of');if(a)document.getElementById('as-of').textContent=a.textContent;
stamp=d.body.getAttribute('data-stamp');document.body.setAttribute('data-stamp',stamp);}
function tick(){fetch('/stamp',{cache:'no-store',credentials:'same-origin'}).then(function(r){return r.ok?r.json():null}).then(function(j){
if(!j||j.stamp===stamp)return;return fetch(location.href,{cache:'no-store',credentials:'same-origin'}).then(function(p){return p.ok?p.text():null}).then(function(h){if(h)swap(h)})
}).catch(function(){}).then(function(){setTimeout(tick,${POLL_MS})})}
setTimeout(tick,${POLL_MS});
})();`
